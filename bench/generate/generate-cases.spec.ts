import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../libs/persistence/src';
import { isolatedEnvironment } from '../../test/support/isolated-database';
import { CaseFactory } from './case-factory';
import { WORKFLOW_STATES } from './case-data';
import { Random } from './random';
import { defaultOwners, generateCases } from './generate-cases';
import { loadLocations } from './locations';
import { loadVocabulary } from './vocabulary';

const PACK = path.resolve(__dirname, '../../form-definitions/mli');
const COUNT = 200;
const SHARE = 0.1;

describe('generateCases', () => {
  let db: DataSource;
  // Owners of our own, to pick out our rows among those the generator's other calls below add.
  const owners = Array.from({ length: 5 }, (_, i) => ({ id: new Random(`spec-owner-${Date.now()}-${i}`).uuid(), agencyId: i === 4 ? 'ngo_partner' : 'ministry' }));
  let rows: Array<Record<string, any>>;

  beforeAll(async () => {
    // A database of its own: the generated cases land in every cercle of the pack, and suites counting cases by
    // location in the shared test database (reports) would count them.
    const { DATABASE_URL } = await isolatedEnvironment('generate');
    db = createDataSource({ url: DATABASE_URL, poolSize: 3 });
    await db.initialize();
    const result = await generateCases(db, { count: COUNT, seed: 'spec', duplicateShare: SHARE, owners, packDir: PACK, batchSize: 60 });
    expect(result.inserted).toBe(COUNT);
    rows = await db.query(
      `SELECT c.*, c.location_path::text AS path, tutela_normalize(concat_ws(' ', data->>'name_first', data->>'name_last', data->>'name_nickname')) AS expected_names
         FROM cases c WHERE owner_id = ANY($1::uuid[])`,
      [owners.map((o) => o.id)],
    );
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('loads the requested number of cases with unique short ids in the alphabet of the service', () => {
    expect(rows).toHaveLength(COUNT);
    expect(new Set(rows.map((r) => r.short_id)).size).toBe(COUNT);
    for (const r of rows) expect(r.short_id).toMatch(/^[2-9a-hjkmnp-z]{7}$/);
  });

  it('derives the search columns from the names in data', () => {
    for (const r of rows) {
      expect(r.search_names).toBe(r.expected_names);
      expect(r.search_names.length).toBeGreaterThan(0);
      expect(r.search_phonetic.length).toBeGreaterThan(0);
      expect(r.search_identifiers).toContain(r.short_id);
      for (const field of ['national_id_no', 'unhcr_id_no', 'birth_certificate_no']) {
        if (r.data[field]) expect(r.search_identifiers).toContain(r.data[field].toLowerCase().replace(/[\s-]+/g, ''));
      }
    }
  });

  it('keeps the location, filter and workflow columns consistent with data', () => {
    const paths = new Map(loadLocations(PACK).all.map((l) => [l.code, l.path]));
    for (const r of rows) {
      expect(r.location_code).toBe(r.data.location_current);
      expect(r.path).toBe(paths.get(r.location_code));
      expect(r.path.split('.').pop()).toBe(r.location_code);
      expect(r.sex).toBe(r.data.sex);
      expect(r.risk_level).toBe(r.data.risk_level);
      expect(r.protection_concerns).toEqual(r.data.protection_concerns);
      expect(r.age).toBe(r.data.age ?? null);
      expect(r.workflow_id).toBe('case_management');
      expect(WORKFLOW_STATES).toContain(r.workflow_state);
      expect(r.status).toBe(r.workflow_state === 'closed' ? 'closed' : 'open');
      expect(r.closed_at !== null).toBe(r.workflow_state === 'closed');
      expect(owners.find((o) => o.id === r.owner_id)?.agencyId).toBe(r.agency_id);
      expect(new Date(r.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(r.created_at).getTime());
      expect(Date.now() - new Date(r.created_at).getTime()).toBeLessThan(731 * 86_400_000);
      for (const item of r.data.family_details) expect(item.unique_id).toMatch(/^[0-9a-f-]{36}$/);
    }
    // Two years of intake: every step of the workflow is represented, and old cases are mostly closed.
    expect(new Set(rows.map((r) => r.workflow_state)).size).toBeGreaterThanOrEqual(5);
  });

  it('records the requested share of near-duplicates, each pointing at an earlier original of the same child', async () => {
    const truth: Array<{ case_id: string; original_id: string; mutations: string[] }> = await db.query(
      `SELECT case_id, original_id, mutations FROM bench_duplicate_truth WHERE case_id = ANY($1::uuid[])`,
      [rows.map((r) => r.id)],
    );
    expect(truth).toHaveLength(Math.floor(COUNT * SHARE));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const duplicateIds = new Set(truth.map((t) => t.case_id));
    for (const t of truth) {
      const copy = byId.get(t.case_id);
      const original = byId.get(t.original_id);
      expect(original).toBeDefined();
      expect(duplicateIds.has(t.original_id)).toBe(false);
      expect(t.mutations.length).toBeGreaterThan(0);
      expect(copy?.data.sex).toBe(original?.data.sex);
      expect(copy?.data.caregiver_name).toBe(original?.data.caregiver_name);
      expect(new Date(copy?.created_at).getTime()).toBeGreaterThanOrEqual(new Date(original?.created_at).getTime());
    }
  });

  it('is deterministic for a seed', () => {
    const build = () => {
      const factory = new CaseFactory(new Random('same'), loadVocabulary(PACK), loadLocations(PACK), defaultOwners(), new Date('2026-06-01T00:00:00Z'));
      return Array.from({ length: 50 }, (_, i) => factory.next(i, i % 5 === 4));
    };
    expect(build()).toEqual(build());
  });
});
