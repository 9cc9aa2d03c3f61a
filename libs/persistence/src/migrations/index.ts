import { Foundation1795800000001 } from './1795800000001-foundation';
import { Configuration1795800000002 } from './1795800000002-configuration';
import { Identity1795800000003 } from './1795800000003-identity';
import { Cases1795800000004 } from './1795800000004-cases';
import { Workflow1795800000005 } from './1795800000005-workflow';

/** Every migration, in order. Registered explicitly: bundlers and globs must not decide what runs in production. */
export const MIGRATIONS = [
  Foundation1795800000001,
  Configuration1795800000002,
  Identity1795800000003,
  Cases1795800000004,
  Workflow1795800000005,
];
