// `npm run forms:types`: regenerates the checked-in TypeScript types of the demo pack's forms
// (libs/forms/generated/mli/) and docs/form-definition.schema.json. Paths are relative to the repository root,
// the working directory of npm scripts. A unit spec fails while these files are stale.
import { formDefinitionMetaSchema, generateFormTypes, loadPackFromDir, validatePack } from '@tutela/forms';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const PACK = 'form-definitions/mli';
const OUT = 'libs/forms/generated/mli';
const META_SCHEMA = 'docs/form-definition.schema.json';

async function main(): Promise<number> {
  const root = process.cwd();
  const { pack, problems } = await loadPackFromDir(resolve(root, PACK));
  const all = [...problems, ...validatePack(pack)];
  if (all.length > 0) {
    for (const p of all) console.error(`${PACK}/${p.file} ${p.path}: ${p.message}`);
    console.error('fix the pack first (npm run config:validate -- form-definitions/mli)');
    return 1;
  }
  const files = await generateFormTypes(pack, PACK);
  const out = resolve(root, OUT);
  await mkdir(out, { recursive: true });
  const keep = new Set(files.map((f) => f.file));
  for (const stale of (await readdir(out)).filter((name) => !keep.has(name))) await rm(join(out, stale));
  for (const file of files) await writeFile(join(out, file.file), file.content);
  await writeFile(resolve(root, META_SCHEMA), `${JSON.stringify(formDefinitionMetaSchema, null, 2)}\n`);
  process.stdout.write(`wrote ${files.length} files to ${OUT} and ${META_SCHEMA}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
