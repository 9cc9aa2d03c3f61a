import { ConfigRepository, ConfigurationService } from '@tutela/cases';
import { Database } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { loginAll } from '../support/auth-helpers';
import { waitUntil } from '../support/queue-drain';
import { startTestApi } from '../support/test-app';
import { isolatedEnvironment } from '../support/isolated-database';
import { maliChild } from '../support/mali-child';

/** A child the Mali pack accepts on the registration forms. */
function child(overrides: Record<string, unknown> = {}) {
  return maliChild(overrides);
}

type Api = Awaited<ReturnType<typeof startTestApi>>;
type Users = Awaited<ReturnType<typeof loginAll>>;
type CaseCopy = { id: string; version: number; data: Record<string, any> };

/**
 * A tablet as a client would write it: keeps the cursor and a local copy of each case, applies removals. Changes
 * only become visible to pulls once every older transaction on the server has ended (the safe horizon), so waiting
 * for a change polls instead of assuming the first pull sees it.
 */
class Tablet {
  cursor: string | null = null;
  readonly cases = new Map<string, CaseCopy>();
  removed: string[] = [];
  lastMeta: any;

  constructor(
    private readonly api: Api,
    private readonly token: string,
  ) {}

  async pullPage(limit = 100, since = this.cursor) {
    const res = await this.api.http().get('/api/v1/sync/cases').query({ ...(since ? { since } : {}), limit }).set({ authorization: `Bearer ${this.token}` });
    if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async sync(limit = 100): Promise<void> {
    for (;;) {
      const page = await this.pullPage(limit);
      for (const item of page.data) {
        if (item.removed) {
          this.cases.delete(item.id);
          this.removed.push(item.id);
        } else {
          this.cases.set(item.id, item.case);
        }
      }
      this.cursor = page.meta.next;
      this.lastMeta = page.meta;
      if (!page.meta.hasMore) return;
    }
  }

  async syncUntil(check: (tablet: Tablet) => boolean, what: string): Promise<void> {
    await waitUntil(async () => {
      await this.sync();
      return check(this);
    }, 20_000, what, 100);
  }

  async push(body: Record<string, unknown>, expected = 200) {
    const res = await this.api.http().post('/api/v1/sync/cases').set({ authorization: `Bearer ${this.token}` }).send(body);
    if (res.status !== expected) throw new Error(`push answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

describe('offline sync', () => {
  let api: Api;
  let users: Users;
  let db: Database;
  const as = (user: keyof Users) => ({ authorization: `Bearer ${users[user].token}` });
  const tablet = (user: keyof Users) => new Tablet(api, users[user].token);

  beforeAll(async () => {
    // Publishes a form version mid-test: on a database of its own, so other suites keep validating against the pack.
    api = await startTestApi(await isolatedEnvironment('sync'));
    users = await loginAll(api.http);
    db = api.app.get(Database);
  });
  afterAll(async () => {
    await api.app.close();
  });

  async function create(user: keyof Users = 'worker1', data: Record<string, unknown> = child()) {
    const res = await api.http().post('/api/v1/cases').set(as(user)).send({ data });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  it('pulls the visible cases page by page with readable fields and the configuration versions, then only what changed', async () => {
    const mine = [await create('worker1'), await create('worker1'), await create('worker1')];
    const other = await create('worker2');
    const a = tablet('worker1');
    await a.syncUntil((t) => mine.every((c) => t.cases.has(c.id)), 'the three cases');
    expect(a.cases.has(other.id)).toBe(false);
    expect(a.cases.get(mine[0].id)).toMatchObject({ version: 1, data: { name_first: 'Aminata', age: 12 } });
    expect(a.lastMeta.config).toMatchObject({ revision: expect.any(Number), forms: { basic_identity: expect.any(Number) }, lookups: { sex: expect.any(Number) } });

    // Small pages still deliver everything exactly once.
    const paged = tablet('worker1');
    const seen: string[] = [];
    let page = await paged.pullPage(2);
    seen.push(...page.data.map((i: { id: string }) => i.id));
    while (page.meta.hasMore) {
      expect(page.data.length).toBeLessThanOrEqual(2);
      page = await paged.pullPage(2, page.meta.next);
      seen.push(...page.data.map((i: { id: string }) => i.id));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(mine.map((c) => c.id)));
    // An agency-wide tablet pages through the change index itself (a case worker's, through its caseload): the
    // same guarantee, and the same cases.
    const wide = tablet('supervisor');
    const wideSeen: string[] = [];
    for (let next: string | null = null, more = true; more; ) {
      const widePage = await wide.pullPage(2, next);
      expect(widePage.data.length).toBeLessThanOrEqual(2);
      wideSeen.push(...widePage.data.map((i: { id: string }) => i.id));
      [next, more] = [widePage.meta.next, widePage.meta.hasMore];
    }
    expect(new Set(wideSeen).size).toBe(wideSeen.length);
    expect(wideSeen).toEqual(expect.arrayContaining([...mine, other].map((c) => c.id)));

    // Nothing changed: the next pull is empty; one web edit: the next pull brings exactly that case.
    expect((await a.pullPage(100)).data).toEqual([]);
    await api.http().patch(`/api/v1/cases/${mine[1].id}`).set(as('worker1')).set('if-match', '"1"').send({ data: { name_nickname: 'Ami' } }).expect(200);
    await a.syncUntil((t) => t.cases.get(mine[1].id)?.version === 2, 'the web edit');
    expect(a.cases.get(mine[1].id)?.data.name_nickname).toBe('Ami');
  });

  it('merges non-overlapping offline edits of two tablets and a web user, and reports real conflicts field by field', async () => {
    const c = await create('worker1', child({ family_details: [{ relation_name: 'Mariam Traoré', relation: 'mother' }, { relation_name: 'Seydou Traoré', relation: 'father' }] }));
    const [mother, father] = c.data.family_details;
    await db.query(`UPDATE cases SET assigned_user_ids = ARRAY[$2::uuid] WHERE id = $1`, [c.id, users.worker2.id]);
    const a = tablet('worker1');
    const b = tablet('worker2');
    await a.syncUntil((t) => t.cases.has(c.id), 'case on tablet A');
    await b.syncUntil((t) => t.cases.has(c.id), 'case on tablet B');
    const base = b.cases.get(c.id)!.version;

    // Both tablets go offline; the supervisor edits on the web meanwhile.
    await api.http().patch(`/api/v1/cases/${c.id}`).set(as('supervisor')).set('if-match', `"${base}"`).send({ data: { name_nickname: 'Ami' } }).expect(200);

    const pushA = await a.push({ changes: [{ id: c.id, baseVersion: base, data: { name_first: 'Aminata A', family_details: [{ unique_id: mother.unique_id, relation_age: 40 }] }, clientUpdatedAt: '2026-11-20T10:00:00Z' }] });
    expect(pushA.data.changes[0]).toMatchObject({ status: 'applied', merged: true, version: base + 2 });
    expect(pushA.data.changes[0].case.data).toMatchObject({ name_nickname: 'Ami', name_first: 'Aminata A' });

    const pushB = await b.push({ changes: [{ id: c.id, baseVersion: base, data: { name_first: 'Aminata B', family_details: [{ unique_id: father.unique_id, relation_age: 45 }] } }] });
    expect(pushB.data.changes[0]).toMatchObject({ status: 'conflict', serverVersion: base + 2, conflicts: [{ field: 'name_first', server: 'Aminata A', client: 'Aminata B' }] });
    // Nothing of a conflicting change is applied, not even its non-conflicting part.
    const afterConflict = (await api.http().get(`/api/v1/cases/${c.id}`).set(as('worker1')).expect(200)).body.data;
    expect(afterConflict.version).toBe(base + 2);
    expect(afterConflict.data.family_details.find((i: any) => i.unique_id === father.unique_id).relation_age).toBeUndefined();

    // Tablet B resolves on top of the server version and pushes again.
    const resolved = await b.push({ changes: [{ id: c.id, baseVersion: base + 2, data: { name_first: 'Aminata B', family_details: [{ unique_id: father.unique_id, relation_age: 45 }] } }] });
    expect(resolved.data.changes[0]).toMatchObject({ status: 'applied', merged: false, version: base + 3 });
    const final = (await api.http().get(`/api/v1/cases/${c.id}`).set(as('supervisor')).expect(200)).body.data;
    expect(final.data).toMatchObject({ name_nickname: 'Ami', name_first: 'Aminata B' });
    expect(final.data.family_details.map((i: any) => [i.unique_id, i.relation_age])).toEqual([
      [mother.unique_id, 40],
      [father.unique_id, 45],
    ]);

    const history = (await api.http().get(`/api/v1/cases/${c.id}/history`).set(as('worker1')).expect(200)).body.data;
    const merged = history.find((e: any) => e.version === base + 2);
    expect(merged).toMatchObject({ action: 'update', actorUsername: 'worker1', meta: { merged: true, baseVersion: base, sync: true, clientUpdatedAt: '2026-11-20T10:00:00Z' } });
    expect(Object.keys(merged.changes).sort()).toEqual(['family_details', 'name_first']);

    await a.syncUntil((t) => t.cases.get(c.id)?.version === base + 3, 'the resolved version on tablet A');
    expect(a.cases.get(c.id)?.data.name_first).toBe('Aminata B');
  });

  it('applies nothing twice when a batch is retried after a lost response', async () => {
    const c = await create('worker1');
    const a = tablet('worker1');
    const newId = randomUUID();
    const noteId = randomUUID();
    const batch = {
      batchId: randomUUID(),
      changes: [
        { id: newId, data: child({ name_first: 'Offline' }) },
        { id: c.id, baseVersion: 1, data: { name_nickname: 'Nana' } },
      ],
      notes: [{ id: noteId, caseId: newId, body: 'Visite à domicile', clientCreatedAt: '2026-11-19T08:30:00Z' }],
    };
    const first = await a.push(batch);
    expect(first.data.changes.map((r: any) => r.status)).toEqual(['applied', 'applied']);
    expect(first.data.notes[0]).toMatchObject({ id: noteId, status: 'applied' });
    expect(first.meta.replayed).toBe(0);

    // The response was lost: the tablet sends the very same batch again.
    const retry = await a.push(batch);
    expect(retry.meta.replayed).toBe(3);
    expect(retry.data.changes).toEqual([
      expect.objectContaining({ index: 0, id: newId, status: 'applied', version: 1, created: true, replayed: true }),
      expect.objectContaining({ index: 1, id: c.id, status: 'applied', version: 2, replayed: true }),
    ]);
    expect(retry.data.changes[0].case).toBeUndefined();
    const events = await db.query(`SELECT case_id, action FROM case_events WHERE case_id = ANY($1::uuid[]) ORDER BY id`, [[newId, c.id]]);
    expect(events.filter((e) => e.case_id === newId).map((e) => e.action)).toEqual(['create', 'note_added']);
    expect(events.filter((e) => e.case_id === c.id).map((e) => e.action)).toEqual(['create', 'update']);
    const notes = (await api.http().get(`/api/v1/cases/${newId}/notes`).set(as('worker1')).expect(200)).body.data;
    expect(notes).toEqual([expect.objectContaining({ id: noteId, clientCreatedAt: '2026-11-19T08:30:00.000Z' })]);

    // Without the batch id the same items are still idempotent: client ids for creates and notes, and a repeated
    // update converges with what it already wrote.
    const again = await a.push({ changes: batch.changes, notes: batch.notes });
    expect(again.data.changes.map((r: any) => [r.status, r.version])).toEqual([
      ['applied', 1],
      ['applied', 2],
    ]);
    expect(again.data.notes[0].status).toBe('applied');
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM case_events WHERE case_id = ANY($1::uuid[])`, [[newId, c.id]]);
    expect(count).toBe(4);

    // Reusing a batch id for different items is a client bug, named per item.
    const reused = await a.push({ batchId: batch.batchId, changes: [{ id: c.id, baseVersion: 2, data: { name_nickname: 'Other' } }] });
    expect(reused.data.changes[0]).toMatchObject({ status: 'invalid', errors: [{ path: '/changes/0', code: 'batch_item_changed' }] });
  });

  it('folds edits made after an unacknowledged offline create into the case instead of dropping them', async () => {
    const a = tablet('worker1');
    const id = randomUUID();
    const data = child({ name_first: 'Kadiatou' });
    await a.push({ changes: [{ id, data }] });
    // The tablet never saw the answer, kept editing, and sends the create again with its newer data.
    const retry = await a.push({ changes: [{ id, data: { ...data, name_nickname: 'Kadi' } }] });
    expect(retry.data.changes[0]).toMatchObject({ status: 'applied', created: false, version: 2 });
    const stored = (await api.http().get(`/api/v1/cases/${id}`).set(as('worker1')).expect(200)).body.data;
    expect(stored.data).toMatchObject({ name_first: 'Kadiatou', name_nickname: 'Kadi' });
  });

  it('removes a case from a tablet whose access was revoked while offline, and never names cases it did not hold', async () => {
    const shared = await create('worker1', child({ address_current: 'Rue 12, Porte 4' }));
    const neverPulled = await create('worker1');
    const share = async (id: string) => {
      await db.query(`UPDATE cases SET shared_agency_ids = ARRAY['ngo_partner'] WHERE id = $1`, [id]);
      await db.query(
        `INSERT INTO case_transfers (id, case_id, kind, status, from_user_id, to_agency_id, forms) VALUES (gen_random_uuid(), $1, 'referral', 'accepted', $2, 'ngo_partner', '"*"')`,
        [id, users.worker1.id],
      );
    };
    const revoke = async (id: string) => {
      await db.query(`UPDATE case_transfers SET status = 'revoked' WHERE case_id = $1`, [id]);
      await db.query(`UPDATE cases SET shared_agency_ids = '{}' WHERE id = $1`, [id]);
    };
    await share(shared.id);
    const ngo = tablet('ngo_worker');
    await ngo.syncUntil((t) => t.cases.has(shared.id), 'the referred case on the partner tablet');
    // Sensitive fields never reach a partner tablet (like GET /cases/:id).
    expect(ngo.cases.get(shared.id)!.data.name_first).toBe('Aminata');
    expect(ngo.cases.get(shared.id)!.data.address_current).toBeUndefined();
    expect((await tablet('worker1').pullPage(500)).data.find((i: any) => i.id === shared.id)?.case.data.address_current).toBe('Rue 12, Porte 4');

    // Shared and revoked while the tablet was offline: it never had it, so it hears nothing about it.
    await share(neverPulled.id);
    await revoke(neverPulled.id);
    await revoke(shared.id);
    const before = ngo.cursor;
    await ngo.syncUntil((t) => t.removed.includes(shared.id), 'the removal');
    expect(ngo.cases.has(shared.id)).toBe(false);
    expect(ngo.removed).not.toContain(neverPulled.id);

    // A lost response: pulling again from the same cursor announces the removal again.
    const replay = await ngo.pullPage(100, before);
    expect(replay.data).toEqual(expect.arrayContaining([{ id: shared.id, removed: true }]));
    // Acknowledged (the tablet moved on): not announced any more; other tablets never hear of it.
    const next = await ngo.pullPage(100, replay.meta.next);
    expect(next.data.map((i: { id: string }) => i.id)).not.toContain(shared.id);
    const w2 = tablet('worker2');
    await w2.sync();
    expect(w2.removed).toEqual([]);

    // A disabled case leaves its owner's tablet too.
    const a = tablet('worker1');
    await a.syncUntil((t) => t.cases.has(neverPulled.id), 'the case on the owner tablet');
    await api.http().delete(`/api/v1/cases/${neverPulled.id}`).set(as('supervisor')).expect(204);
    await a.syncUntil((t) => t.removed.includes(neverPulled.id), 'the removal of the disabled case');
  });

  it('never skips a change whose transaction commits after a later one was pulled', async () => {
    const slow = await create('worker1');
    const fast = await create('worker1');
    const a = tablet('worker1');
    await a.syncUntil((t) => t.cases.has(slow.id) && t.cases.has(fast.id), 'both cases');

    const writer = new Client({ connectionString: api.config.databaseUrl });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`UPDATE cases SET data = data || '{"name_nickname": "Late"}', version = version + 1 WHERE id = $1`, [slow.id]);
      // A later write commits while the first one is still open; the tablet pulls in between.
      await api.http().patch(`/api/v1/cases/${fast.id}`).set(as('worker1')).set('if-match', '"1"').send({ data: { name_nickname: 'Quick' } }).expect(200);
      await a.sync();
      expect(a.cases.get(slow.id)?.version).toBe(1);
      await writer.query('COMMIT');
    } finally {
      await writer.end();
    }
    await a.syncUntil((t) => t.cases.get(slow.id)?.version === 2 && t.cases.get(fast.id)?.version === 2, 'both late and quick changes');
    expect(a.cases.get(slow.id)?.data.name_nickname).toBe('Late');
  });

  it('answers every bad input with a clear status and the failing field, per item in a batch', async () => {
    const c = await create('worker1');
    const c2 = await create('worker1');
    const a = tablet('worker1');
    await api.http().get('/api/v1/sync/cases').query({ limit: 0 }).set(as('worker1')).expect(400);
    await api.http().get('/api/v1/sync/cases').query({ limit: 501 }).set(as('worker1')).expect(400);
    const garbage = await api.http().get('/api/v1/sync/cases').query({ since: 'not-a-cursor' }).set(as('worker1')).expect(400);
    expect(garbage.body.error.details[0]).toMatchObject({ path: 'since', code: 'invalid_cursor' });
    // Another user's cursor is refused the same way (the stream is not theirs).
    const page = await a.pullPage(1);
    await api.http().get('/api/v1/sync/cases').query({ since: page.meta.next }).set(as('worker2')).expect(400);
    await api.http().get('/api/v1/sync/cases').set(as('analyst')).expect(403);
    await api.http().get('/api/v1/sync/cases').expect(401);

    const tooMany = await a.push({ changes: Array.from({ length: 101 }, () => ({ id: randomUUID(), data: child() })) }, 413);
    expect(tooMany.error.details[0]).toMatchObject({ path: '/changes', code: 'maxItems' });
    const malformed = await a.push({ changes: [{ id: 'x', data: {} }] }, 422);
    expect(malformed.error.details[0].path).toBe('/changes/0/id');

    const res = await a.push({
      changes: [
        { id: randomUUID(), data: child({ sex: 'other' }) },
        { id: randomUUID(), baseVersion: 1, data: { name_nickname: 'x' } },
        { id: c.id, baseVersion: 1, data: { not_a_field: 1 } },
        { id: c.id, baseVersion: 1, data: { name_nickname: 'dup' } },
        { id: c2.id, baseVersion: 9, data: { name_nickname: 'future' } },
      ],
      notes: [{ id: randomUUID(), caseId: randomUUID(), body: 'x', clientCreatedAt: '2026-11-19T08:30:00Z' }],
    });
    const results = res.data.changes;
    expect(results[0]).toMatchObject({ status: 'invalid', errors: [expect.objectContaining({ path: '/changes/0/data/sex' })] });
    expect(results[1]).toMatchObject({ status: 'not_found' });
    expect(results[2]).toMatchObject({ status: 'invalid', errors: [expect.objectContaining({ path: '/changes/2/data/not_a_field', code: 'unknown_field' })] });
    expect(results[3]).toMatchObject({ status: 'invalid', errors: [expect.objectContaining({ path: '/changes/3/id', code: 'duplicate_in_batch' })] });
    expect(results[4]).toMatchObject({ status: 'invalid', errors: [expect.objectContaining({ path: '/changes/4/baseVersion', code: 'ahead_of_server' })] });
    expect(res.data.notes[0]).toMatchObject({ status: 'not_found' });

    // A case the actor cannot see is not_found (never forbidden: existence does not leak); a visible field it may
    // not write is forbidden, naming the field.
    const other = await tablet('worker2').push({ changes: [{ id: c.id, baseVersion: 1, data: { name_nickname: 'x' } }] });
    expect(other.data.changes[0].status).toBe('not_found');
    await db.query(`UPDATE cases SET shared_agency_ids = ARRAY['ngo_partner'] WHERE id = $1`, [c.id]);
    await db.query(
      `INSERT INTO case_transfers (id, case_id, kind, status, from_user_id, to_agency_id, forms) VALUES (gen_random_uuid(), $1, 'referral', 'accepted', $2, 'ngo_partner', '"*"')`,
      [c.id, users.worker1.id],
    );
    const partner = await tablet('ngo_worker').push({ changes: [{ id: c.id, baseVersion: 1, data: { name_nickname: 'x' } }] });
    expect(partner.data.changes[0]).toMatchObject({ status: 'forbidden', errors: [expect.objectContaining({ path: '/changes/0/data/name_nickname', code: 'forbidden_field' })] });
  });

  it('records offline notes in the order they were written, with the tablet clock', async () => {
    const c = await create('worker1');
    const later = randomUUID();
    const earlier = randomUUID();
    const res = await tablet('worker1').push({
      notes: [
        { id: later, caseId: c.id, body: 'Deuxième visite', clientCreatedAt: '2026-11-19T15:00:00Z' },
        { id: earlier, caseId: c.id, subject: 'Visite', body: 'Première visite', clientCreatedAt: '2026-11-19T09:00:00Z' },
      ],
    });
    expect(res.data.notes.map((n: any) => [n.index, n.id, n.status])).toEqual([
      [0, later, 'applied'],
      [1, earlier, 'applied'],
    ]);
    const events = await db.query(`SELECT meta->>'noteId' AS note, meta->>'clientCreatedAt' AS at FROM case_events WHERE case_id = $1 AND action = 'note_added' ORDER BY id`, [c.id]);
    expect(events.map((e) => e.note)).toEqual([earlier, later]);
    const notes = (await api.http().get(`/api/v1/cases/${c.id}/notes`).set(as('worker1')).expect(200)).body.data;
    expect(notes.find((n: any) => n.id === earlier)).toMatchObject({ authorId: users.worker1.id, clientCreatedAt: '2026-11-19T09:00:00.000Z' });
  });

  it('restarts the stream when what decides the actor access changes, re-sending what it may see', async () => {
    const c = await create('worker2', child({ location_current: 'ML0904' }));
    const b = tablet('worker2');
    await b.syncUntil((t) => t.cases.has(c.id), 'the case');
    expect(b.lastMeta.reset).toBe(false);
    await db.query(`UPDATE users SET location_code = 'ML0901' WHERE id = $1`, [users.worker2.id]);
    try {
      const page = await b.pullPage(500);
      expect(page.meta.reset).toBe(true);
      expect(page.data.map((i: { id: string }) => i.id)).toContain(c.id);
    } finally {
      await db.query(`UPDATE users SET location_code = 'ML0904' WHERE id = $1`, [users.worker2.id]);
    }
  });

  // Last: it publishes a stricter form for the rest of the run.
  it('shows a form version published while the tablet was offline, and validates pushes against the current forms', async () => {
    const c = await create('worker1');
    const a = tablet('worker1');
    await a.syncUntil((t) => t.cases.has(c.id), 'the case');
    const offlineConfig = a.lastMeta.config;
    const oldVersion = offlineConfig.forms.basic_identity;

    const repository = api.app.get(ConfigRepository);
    const [{ body }] = await db.query(`SELECT body FROM config_documents WHERE kind = 'form' AND id = 'basic_identity' ORDER BY version DESC LIMIT 1`);
    body.fields = body.fields.map((f: any) => (f.name === 'name_nickname' ? { ...f, maxLength: 5 } : f));
    await db.transaction(async (tx) => {
      await repository.publish(tx, { kind: 'form', id: 'basic_identity', body, source: 'admin' });
      await repository.bumpRevision(tx);
    });
    await api.app.get(ConfigurationService).reload();

    await a.sync();
    expect(a.lastMeta.config.forms.basic_identity).toBe(oldVersion + 1);
    expect(a.lastMeta.config.revision).toBeGreaterThan(offlineConfig.revision);

    const res = await a.push({ changes: [{ id: c.id, baseVersion: 1, data: { name_nickname: 'Aminetou' }, formVersions: { basic_identity: oldVersion } }] });
    expect(res.data.changes[0]).toMatchObject({
      status: 'invalid',
      errors: [expect.objectContaining({ path: '/changes/0/data/name_nickname' })],
      staleForms: [{ formId: 'basic_identity', clientVersion: oldVersion, currentVersion: oldVersion + 1 }],
    });
    expect(res.meta.config.forms.basic_identity).toBe(oldVersion + 1);
    const ok = await a.push({ changes: [{ id: c.id, baseVersion: 1, data: { name_nickname: 'Ami' }, formVersions: { basic_identity: oldVersion + 1 } }] });
    expect(ok.data.changes[0]).toMatchObject({ status: 'applied', version: 2 });
    expect(ok.data.changes[0].staleForms).toBeUndefined();
  });
});
