import { ImportProgress, MAX_REPORTED_ERRORS } from './import-progress';

const error = (row: number) => ({ row, path: '/data/sex', code: 'enum', message: 'not an option' });

describe('import progress', () => {
  it('resumes from the stored counts and adds each chunk to them', () => {
    const resumed = ImportProgress.resume({ rowsDone: 500, rowsCreated: 490, rowsExisting: 0, rowsFailed: 10, errors: [error(3)] });
    const next = resumed.advance({ rows: 500, created: 480, existing: 15, failed: 5, errors: [error(512)] });
    expect(next).toMatchObject({ done: 1000, created: 970, existing: 15, failed: 15 });
    expect(next.errors).toEqual([error(3), error(512)]);
    expect(resumed.done).toBe(500);
  });

  it('keeps the first errors only, while the counts stay exact', () => {
    const start = ImportProgress.resume({ rowsDone: 0, rowsCreated: 0, rowsExisting: 0, rowsFailed: 0, errors: [] });
    const many = Array.from({ length: MAX_REPORTED_ERRORS + 10 }, (_, i) => error(i + 1));
    const full = start.advance({ rows: many.length, created: 0, existing: 0, failed: many.length, errors: many });
    expect(full.errors).toHaveLength(MAX_REPORTED_ERRORS);
    const after = full.advance({ rows: 1, created: 0, existing: 0, failed: 1, errors: [error(9999)] });
    expect(after.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(after.failed).toBe(MAX_REPORTED_ERRORS + 11);
  });
});
