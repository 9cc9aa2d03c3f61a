import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the admin API stores beyond the seeded pack: the optional agency and group texts the pack files already carry
 * (short name, descriptions), a user's position, and an index to find the break-the-glass grants of a case.
 */
export class AccessAdministration1795800000030 implements MigrationInterface {
  name = 'AccessAdministration1795800000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agencies ADD COLUMN short_name text, ADD COLUMN descriptions jsonb`);
    await q.query(`ALTER TABLE user_groups ADD COLUMN descriptions jsonb`);
    await q.query(`ALTER TABLE users ADD COLUMN position text`);
    // Break-the-glass grants are listed per case (history, review by supervisors), not only per user.
    await q.query(`CREATE INDEX access_grants_case_idx ON access_grants (case_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX access_grants_case_idx`);
    await q.query(`ALTER TABLE users DROP COLUMN position`);
    await q.query(`ALTER TABLE user_groups DROP COLUMN descriptions`);
    await q.query(`ALTER TABLE agencies DROP COLUMN short_name, DROP COLUMN descriptions`);
  }
}
