import type { BenchContext } from './bench-context';

/** A role a scenario adds to the demo pack: an id, its name and the role-definition fields (see docs/access.md). */
export interface BenchRole {
  id: string;
  name: { en: string; fr: string };
  scope: string;
  permissions: Record<string, string[]>;
  forms: Record<string, string>;
}

/**
 * Stores the role as a published configuration document: call it before the API starts, so its first snapshot holds
 * it (the run publishes every role of SCENARIO_ROLES before any service starts, for --quick's shared services).
 */
export async function publishBenchRole(ctx: BenchContext, role: BenchRole): Promise<void> {
  await ctx.db.query(
    `INSERT INTO config_documents (kind, id, version, body, checksum, source) VALUES ('role', $1, 1, $2, 'bench', 'admin') ON CONFLICT DO NOTHING`,
    [role.id, JSON.stringify(role)],
  );
}

/**
 * A user named after the role and holding it, in the supervisor's agency. Call it once the API has seeded the demo
 * users (it only seeds an empty table): the user borrows the demo password hash, so `ctx.login(base, role.id)` works.
 */
export async function addBenchUser(ctx: BenchContext, role: BenchRole): Promise<void> {
  await ctx.db.query(
    `INSERT INTO users (username, full_name, password_hash, role_id, agency_id)
     SELECT $1, $2, password_hash, $1, agency_id FROM users WHERE username = 'supervisor' ON CONFLICT DO NOTHING`,
    [role.id, role.name.en],
  );
}
