// `npm run config:validate -- form-definitions/<country> [workflows-dir]`: lists every problem of a country pack (file,
// JSON path, message) and exits 1 when there is any, 0 on a clean pack. A full pack (with roles/) is checked exactly
// as the service checks it at start: forms, lookups, locations, roles, agencies, users and the country's workflows
// (from `workflows/<country>/` next to `form-definitions/`, or the folder given second). Paths are relative to the
// working directory.
import { readCountryPack } from '@tutela/cases';
import { loadPackFromDir, validatePack } from '@tutela/forms';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

async function main(): Promise<number> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npm run config:validate -- form-definitions/<country> [workflows-dir]');
    return 2;
  }
  const root = resolve(process.cwd(), dir);
  const problems = existsSync(join(root, 'roles')) ? await fullPackProblems(root) : await formsPackProblems(dir, root);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(`${problems.length} problem(s) in ${dir}`);
    return 1;
  }
  process.stdout.write(`${dir}: no problems\n`);
  return 0;
}

async function fullPackProblems(root: string): Promise<string[]> {
  const country = basename(root);
  const workflowsRoot = process.argv[3] ? resolve(process.cwd(), process.argv[3]) : join(dirname(dirname(root)), 'workflows');
  return (await readCountryPack(dirname(root), workflowsRoot, country)).problems;
}

/** A pack of forms only (e.g. a fixture): the forms lib's checks. */
async function formsPackProblems(dir: string, root: string): Promise<string[]> {
  const { pack, problems } = await loadPackFromDir(root);
  return [...problems, ...validatePack(pack)].map((p) => `${dir}/${p.file} ${p.path || '/'}: ${p.message}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
