import { Foundation1795800000001 } from './1795800000001-foundation';
import { Configuration1795800000002 } from './1795800000002-configuration';
import { Identity1795800000003 } from './1795800000003-identity';
import { Cases1795800000004 } from './1795800000004-cases';
import { Workflow1795800000005 } from './1795800000005-workflow';
import { Duplicates1795800000020 } from './1795800000020-duplicates';
import { AccessAdministration1795800000030 } from './1795800000030-access-administration';
import { ReportsExports1795800000040 } from './1795800000040-reports-exports';
import { Sync1795800000050 } from './1795800000050-sync';
import { DuplicatesScale1795800000060 } from './1795800000060-duplicates-scale';
import { CaseStatistics1795800000070 } from './1795800000070-case-statistics';
import { SessionNotify1795800000080 } from './1795800000080-session-notify';
import { DashboardWorkIndexes1795800000100 } from './1795800000100-dashboard-work-indexes';
import { CaseMergedIntoIndex1795800000120 } from './1795800000120-case-merged-into-index';

/** Every migration, in order. Registered explicitly: bundlers and globs must not decide what runs in production. */
export const MIGRATIONS = [
  Foundation1795800000001,
  Configuration1795800000002,
  Identity1795800000003,
  Cases1795800000004,
  Workflow1795800000005,
  Duplicates1795800000020,
  AccessAdministration1795800000030,
  ReportsExports1795800000040,
  Sync1795800000050,
  DuplicatesScale1795800000060,
  CaseStatistics1795800000070,
  SessionNotify1795800000080,
  DashboardWorkIndexes1795800000100,
  CaseMergedIntoIndex1795800000120,
];
