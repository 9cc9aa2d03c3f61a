// `npm run config:validate -- form-definitions/<country>`: lists every problem of a country pack (file, JSON path,
// message) and exits 1 when there is any, 0 on a clean pack. Paths are relative to the working directory.
import { loadPackFromDir, validatePack } from '@tutela/forms';
import { resolve } from 'node:path';

async function main(): Promise<number> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npm run config:validate -- form-definitions/<country>');
    return 2;
  }
  const { pack, problems: loadProblems } = await loadPackFromDir(resolve(process.cwd(), dir));
  const problems = [...loadProblems, ...validatePack(pack)];
  for (const problem of problems) console.error(`${dir}/${problem.file} ${problem.path || '/'}: ${problem.message}`);
  const summary = `${pack.forms.length} forms, ${pack.lookups.length} lookups, ${pack.locations.length} locations`;
  if (problems.length > 0) {
    console.error(`${problems.length} problem(s) in ${dir} (${summary})`);
    return 1;
  }
  console.log(`${dir}: no problems (${summary})`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
