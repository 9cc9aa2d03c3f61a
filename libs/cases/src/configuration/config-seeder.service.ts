import { Inject, Injectable, Logger } from '@nestjs/common';
import { TutelaConfig } from '@tutela/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { TUTELA_CONFIG } from '../core/tokens';
import { PasswordHasher } from '../identity/password-hasher.service';
import { checksumOf } from './canonical-json';
import { ConfigRepository } from './config.repository';
import { PackContents, readCountryPack } from './pack-reader';

/** The documented password of every demo user (API.md "Demo data"); never seeded in production by default. */
export const DEMO_PASSWORD = 'Tutela-demo-2026!';
const SEED_LOCK = 7_041_952_011;

/**
 * Loads `form-definitions/<country>/` and `workflows/<country>/` into the database at start. A pack with any problem
 * stops the process, listing them all. A document is published again only when its file changed since it was last
 * seeded, so an administrator's newer version published through the API survives restarts.
 */
@Injectable()
export class ConfigSeeder {
  private readonly logger = new Logger(ConfigSeeder.name);

  constructor(
    private readonly db: Database,
    private readonly repository: ConfigRepository,
    private readonly hasher: PasswordHasher,
    @Inject(TUTELA_CONFIG) private readonly config: TutelaConfig,
  ) {}

  async seed(): Promise<void> {
    const { contents, problems } = await readCountryPack(this.config.formDefinitionsDir, this.config.workflowsDir, this.config.country);
    if (!contents) {
      throw new Error(`Country pack "${this.config.country}" has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
    }
    const demoPasswordHash = this.config.seedDemoUsers && contents.demoUsers.length ? await this.hasher.hash(DEMO_PASSWORD) : null;
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      const published = await this.publishChangedDocuments(tx, contents);
      await this.repository.upsertLocations(tx, contents.locations);
      await this.upsertOrganisation(tx, contents);
      const users = demoPasswordHash ? await this.seedDemoUsers(tx, contents, demoPasswordHash) : 0;
      if (published.length > 0) await this.repository.bumpRevision(tx);
      this.logger.log({ msg: 'country pack seeded', country: this.config.country, published, demoUsers: users });
    });
  }

  private async publishChangedDocuments(tx: SqlExecutor, pack: PackContents): Promise<string[]> {
    // Form versions are numbered by the database; the file's own number is not authoritative.
    const documents = [
      { kind: 'country', id: pack.country.id, body: pack.country },
      ...pack.forms.map(({ version: _ignored, ...form }) => ({ kind: 'form', id: form.id, body: form })),
      ...pack.lookups.map((lookup) => ({ kind: 'lookup', id: lookup.id, body: lookup })),
      ...pack.roles.map((role) => ({ kind: 'role', id: role.id, body: role })),
      ...pack.workflows.map((workflow) => ({ kind: 'workflow', id: workflow.id, body: workflow })),
      ...(pack.matching !== undefined ? [{ kind: 'matching', id: pack.country.id, body: pack.matching }] : []),
    ];
    const published: string[] = [];
    for (const doc of documents) {
      const seeded = await this.repository.latest(tx, doc.kind, doc.id, 'pack');
      if (seeded?.checksum === checksumOf(doc.body)) continue;
      const version = await this.repository.publish(tx, { ...doc, source: 'pack' });
      published.push(`${doc.kind}:${doc.id}@${version}`);
    }
    return published;
  }

  private async upsertOrganisation(tx: SqlExecutor, pack: PackContents): Promise<void> {
    for (const agency of pack.agencies) {
      await tx.query(
        `INSERT INTO agencies (id, names, services, disabled) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
        [agency.id, JSON.stringify(agency.name), agency.services ?? [], Boolean(agency.disabled)],
      );
    }
    for (const group of pack.userGroups) {
      await tx.query(
        `INSERT INTO user_groups (id, names, agency_ids, disabled) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
        [group.id, JSON.stringify(group.name), group.agencyIds, Boolean(group.disabled)],
      );
    }
  }

  /** Only into an empty users table: demo accounts never reappear once an instance has real users. */
  private async seedDemoUsers(tx: SqlExecutor, pack: PackContents, passwordHash: string): Promise<number> {
    const [{ count }] = await tx.query<{ count: string }>(`SELECT count(*) FROM users`);
    if (Number(count) > 0) return 0;
    for (const user of pack.demoUsers) {
      await tx.query(
        `INSERT INTO users (username, full_name, email, password_hash, role_id, agency_id, group_ids, location_code, locale, disabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [user.username, user.fullName, user.email ?? null, passwordHash, user.roleId, user.agencyId, user.groupIds, user.locationCode, user.locale, Boolean(user.disabled)],
      );
    }
    return pack.demoUsers.length;
  }
}
