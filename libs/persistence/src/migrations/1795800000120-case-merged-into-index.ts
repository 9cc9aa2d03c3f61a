import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `cases.merged_into` references `cases(id)`, and PostgreSQL checks on every deleted case that no case was merged
 * into it: without an index that check is a sequential scan of `cases` per deleted row (minutes for a few thousand
 * rows at a million cases). Cases are disabled, never deleted, by the service; rows are deleted by the benchmark's
 * insert floors (which write into the dataset's own table and take their rows out again) and by an operator purging
 * test data. Partial: only merged cases have an entry, so case inserts and updates maintain nothing.
 */
export class CaseMergedIntoIndex1795800000120 implements MigrationInterface {
  name = 'CaseMergedIntoIndex1795800000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_merged_into_idx ON cases (merged_into) WHERE merged_into IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_merged_into_idx`);
  }
}
