import { join } from 'node:path';
import type { CountryPack } from '../src/definitions/pack.types';
import { FormsEngine } from '../src/engine/forms.engine';
import { loadPackFromDir } from '../src/pack/pack.loader';

export const REPO_ROOT = join(__dirname, '../../..');
export const MLI_PACK_DIR = join(REPO_ROOT, 'form-definitions/mli');
export const FIXTURES_DIR = __dirname;

let loaded: Promise<CountryPack> | undefined;

/** The demo pack, read once per spec file. */
export function loadMliPack(): Promise<CountryPack> {
  loaded ??= loadPackFromDir(MLI_PACK_DIR).then(({ pack, problems }) => {
    if (problems.length > 0) throw new Error(`demo pack unreadable: ${JSON.stringify(problems)}`);
    return pack;
  });
  return loaded;
}

export async function mliEngine(): Promise<FormsEngine> {
  const pack = await loadMliPack();
  return new FormsEngine({ forms: pack.forms, lookups: pack.lookups, locations: pack.locations });
}
