import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMliPack, REPO_ROOT } from '../../test-fixtures/mli-pack';
import { formDefinitionMetaSchema } from '../meta-schema/form-definition.meta-schema';
import { generateFormTypes } from './form-types.generator';

// json-schema-to-typescript requires prettier's main entry at load, and that entry calls import(), which jest's
// runtime refuses. The generator formats through prettier/standalone, so the main entry is never used: stub it.
jest.mock('prettier', () => ({}));

const GENERATED_DIR = join(REPO_ROOT, 'libs/forms/generated/mli');

describe('generated artefacts are up to date (CI fails on stale files)', () => {
  it('libs/forms/generated/mli holds exactly the types of the demo pack forms', async () => {
    const files = await generateFormTypes(await loadMliPack(), 'form-definitions/mli');
    expect((await readdir(GENERATED_DIR)).sort()).toEqual(files.map((f) => f.file).sort());
    // On failure: run `npm run forms:types` and commit the result.
    for (const { file, content } of files) {
      expect([file, await readFile(join(GENERATED_DIR, file), 'utf8')]).toEqual([file, content]);
    }
    expect(files.length).toBeGreaterThan(1);
  });

  it('docs/form-definition.schema.json is the exported meta-schema', async () => {
    const onDisk = JSON.parse(await readFile(join(REPO_ROOT, 'docs/form-definition.schema.json'), 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(formDefinitionMetaSchema)));
  });

  it('generates the same bytes twice', async () => {
    const pack = await loadMliPack();
    const [first, second] = [await generateFormTypes(pack, 'x'), await generateFormTypes(pack, 'x')];
    expect(second).toEqual(first);
    expect(first.find((f) => f.file === 'basic-identity.ts')?.content).toContain("sex: 'male' | 'female';");
  });
});
