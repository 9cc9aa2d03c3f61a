import * as path from 'node:path';
import { WorkflowRegistry, loadWorkflowsFromDir } from '@tutela/workflow';
import { FIXTURES_DIR, REPO_ROOT } from '../../test-fixtures/workflow-test-kit';

const packs = path.join(FIXTURES_DIR, 'packs');

describe('loadWorkflowsFromDir', () => {
  it('loads the Mali pack without a single problem', async () => {
    const { workflows, problems } = await loadWorkflowsFromDir(path.join(REPO_ROOT, 'workflows'), { country: 'mli' });
    expect(problems).toEqual([]);
    expect(workflows.map((workflow) => workflow.id)).toEqual(['case_management']);
    expect(workflows[0].source).toBe(path.join(REPO_ROOT, 'workflows', 'mli', 'case_management.json'));
  });

  it('reports every broken file (a copy under another name included) and keeps only the good workflows', async () => {
    const { workflows, problems } = await loadWorkflowsFromDir(packs, { country: 'tst' });
    expect(workflows.map((workflow) => workflow.id)).toEqual(['minimal']);
    const file = (name: string) => path.join(packs, 'tst', name);
    expect(problems.map(({ file: f, code, path: p }) => ({ file: f, code, path: p }))).toEqual([
      { file: file('copy_of_minimal.json'), code: 'id_mismatch', path: '/id' },
      { file: file('truncated.json'), code: 'invalid_json', path: '' },
    ]);
  });

  it('reports a folder it cannot read', async () => {
    const { workflows, problems } = await loadWorkflowsFromDir(packs, { country: 'zzz' });
    expect(workflows).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ code: 'unreadable_file', file: path.join(packs, 'zzz') })]);
  });

  it('uses the registry and locales it is given', async () => {
    const { problems } = await loadWorkflowsFromDir(path.join(REPO_ROOT, 'workflows', 'mli'), {
      registry: new WorkflowRegistry(),
      locales: ['en'],
    });
    expect(new Set(problems.map((problem) => problem.code))).toEqual(new Set(['unknown_guard', 'unknown_action']));
  });
});
