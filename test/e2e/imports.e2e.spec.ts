import { INestApplicationContext } from '@nestjs/common';
import { ImportRunner, QueueConnection } from '@tutela/cases';
import { Database } from '@tutela/persistence';
import { Workbook } from 'exceljs';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { loginAll } from '../support/auth-helpers';
import { maliChild } from '../support/mali-child';
import { waitUntil } from '../support/queue-drain';
import { startTestApi } from '../support/test-app';
import { startTestWorker } from '../support/test-worker';

/** Cases of this suite live in one cercle no other suite uses. */
const LOCATION = 'ML0301';
const HEADER = 'name_first,name_last,sex,date_of_birth,registration_date,consent_for_services,consent_source,location_current,protection_concerns,risk_level';

const line = (first: string, last: string, extra: Partial<Record<'sex' | 'dob' | 'concerns', string>> = {}) =>
  [first, last, extra.sex ?? 'female', extra.dob ?? '2015-03-02', '2026-09-30', 'true', 'parent_caregiver', LOCATION, extra.concerns ?? '', extra.concerns ? 'low' : ''].join(',');

describe('imports', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let worker: INestApplicationContext;
  let users: Awaited<ReturnType<typeof loginAll>>;
  let db: Database;
  const as = (user: keyof typeof users) => ({ authorization: `Bearer ${users[user].token}` });
  // The Mali pack grants `import` to the supervisor: the role that registers an agency's paper backlog.
  const importer = () => as('supervisor');

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    users = await loginAll(api.http);
    db = api.app.get(Database);
  });
  afterAll(async () => {
    await worker.close();
    await api.app.close();
  });

  async function runImport(format: string, content: Buffer) {
    const started = await api.http().post('/api/v1/imports').set(importer()).send({ format, content: content.toString('base64') }).expect(202);
    const id = started.body.data.id as string;
    let status: Record<string, any> = started.body.data;
    await waitUntil(async () => {
      status = (await api.http().get(`/api/v1/imports/${id}`).set(importer()).expect(200)).body.data;
      return status.status === 'done' || status.status === 'failed';
    }, 20_000, 'import to finish');
    return status;
  }
  const storedNames = async (prefix: string) =>
    (await db.query<{ name: string }>(`SELECT data->>'name_last' AS name FROM cases WHERE created_by = $1 AND data->>'name_last' LIKE $2 ORDER BY 1`, [users.supervisor.id, `${prefix}%`])).map((r) => r.name);

  it('stores the good rows of a CSV, reports the bad ones by row and field, and stores nothing twice on re-run', async () => {
    const csv = Buffer.from(
      [
        HEADER,
        line('Mariam', 'Csv-1'),
        line('Oumar', 'Csv-2', { sex: 'other' }),
        line('Salif', 'Csv-3', { sex: 'male', concerns: 'neglect;child_labour' }),
        line('Kadia', 'Csv-4', { dob: '2999-01-01' }),
        line('Binta', 'Csv-5'),
      ].join('\n'),
    );
    const first = await runImport('csv', csv);
    expect(first).toMatchObject({ status: 'done', rowsTotal: 5, rowsDone: 5, rowsCreated: 3, rowsExisting: 0, rowsFailed: 2 });
    expect(first.errors).toEqual([
      expect.objectContaining({ row: 2, path: '/data/sex' }),
      expect.objectContaining({ row: 4, path: '/data/date_of_birth' }),
    ]);
    expect(await storedNames('Csv-')).toEqual(['Csv-1', 'Csv-3', 'Csv-5']);
    const [concerns] = await db.query(`SELECT data->'protection_concerns' AS pc FROM cases WHERE data->>'name_last' = 'Csv-3'`);
    expect(concerns.pc).toEqual(['neglect', 'child_labour']);

    const again = await runImport('csv', csv);
    expect(again).toMatchObject({ status: 'done', rowsCreated: 0, rowsExisting: 3, rowsFailed: 2 });
    expect(await storedNames('Csv-')).toEqual(['Csv-1', 'Csv-3', 'Csv-5']);
    const audit = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import_created' AND actor_id = $1`, [users.supervisor.id]);
    expect(audit[0].n).toBeGreaterThanOrEqual(2);
  });

  it('imports NDJSON, reporting a malformed line as its row', async () => {
    const good = { data: { name_first: 'Nana', name_last: 'Nd-1', sex: 'female', date_of_birth: '2016-01-01', registration_date: '2026-09-30', consent_for_services: true, consent_source: 'parent_caregiver', location_current: LOCATION } };
    const status = await runImport('ndjson', Buffer.from(`${JSON.stringify(good)}\n{not json\n`));
    expect(status).toMatchObject({ rowsCreated: 1, rowsFailed: 1, errors: [expect.objectContaining({ row: 2, code: 'unreadable' })] });
    expect(await storedNames('Nd-')).toEqual(['Nd-1']);
  });

  it('imports XLSX', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('cases');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(line('Ada', 'Xl-1').split(','));
    sheet.addRow(line('Ibrahim', 'Xl-2', { sex: 'male' }).split(','));
    const status = await runImport('xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(status).toMatchObject({ status: 'done', rowsCreated: 2, rowsFailed: 0 });
    expect(await storedNames('Xl-')).toEqual(['Xl-1', 'Xl-2']);
  });

  it('stores an imported case like POST /cases: same derived columns, one create event in history, one duplicate scan (staged when the import ends)', async () => {
    const child = { name_first: 'Awa', name_last: 'Same-1', sex: 'female', date_of_birth: '2013-07-14', registration_date: '2026-09-30', consent_for_services: true, consent_source: 'parent_caregiver', location_current: LOCATION, protection_concerns: ['neglect'], risk_level: 'medium', national_id_no: 'ML-SAME-0001' };
    expect(await runImport('ndjson', Buffer.from(JSON.stringify({ data: child })))).toMatchObject({ status: 'done', rowsCreated: 1, rowsFailed: 0 });
    const posted = (await api.http().post('/api/v1/cases').set(importer()).send({ data: child }).expect(201)).body.data;
    const [imported] = await db.query<{ id: string }>(`SELECT id FROM cases WHERE created_by = $1 AND data->>'name_last' = 'Same-1' AND id <> $2`, [users.supervisor.id, posted.id]);

    const columns = async (id: string) =>
      (await db.query(
        `SELECT module, status, workflow_id, workflow_state, owner_id, agency_id, group_ids, assigned_user_ids, location_code, location_path::text AS path,
                risk_level, sex, age, protection_concerns, data, form_versions, search_names, search_phonetic,
                array_remove(search_identifiers, short_id) AS identifiers, short_id = ANY(search_identifiers) AS short_id_searchable, version, disabled, created_by
           FROM cases WHERE id = $1`,
        [id],
      ))[0];
    expect(await columns(imported.id)).toEqual(await columns(posted.id));

    const history = async (id: string) => (await api.http().get(`/api/v1/cases/${id}/history`).set(importer()).expect(200)).body.data;
    const [event, ...more] = await history(imported.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ action: 'create', version: 1, actorUsername: 'supervisor' });
    expect(event.changes).toEqual((await history(posted.id))[0].changes);
    expect(event.changes.name_first).toEqual({ from: null, to: 'Awa' });
    // Stored alike too (a create event holds the initial data: event-changes.ts).
    const storedEvent = async (id: string) => (await db.query(`SELECT changes, meta FROM case_events WHERE case_id = $1 AND action = 'create'`, [id]))[0];
    expect(await storedEvent(imported.id)).toEqual(await storedEvent(posted.id));
    const scans = await db.query(`SELECT job_name, payload FROM outbox WHERE job_id = $1`, [`scan-duplicates-${imported.id}-1`]);
    expect(scans).toEqual([{ job_name: 'scan-duplicates-bulk', payload: { caseId: imported.id } }]);
  });

  describe('in chunks', () => {
    /** An import row as POST /imports stores it, run by the job's runner with a chunk size the test chooses. */
    async function storedImport(content: Buffer, format = 'csv'): Promise<string> {
      const id = randomUUID();
      await db.query(`INSERT INTO imports (id, created_by, format, file_hash, content) VALUES ($1, $2, $3, $4, $5)`, [
        id, users.supervisor.id, format, createHash('sha256').update(content).digest('hex'), content,
      ]);
      return id;
    }
    /** Makes the INSERT of the chunk holding this family name fail, as a database going away mid-import would. */
    async function failingRow(nameLast: string, during: () => Promise<unknown>): Promise<void> {
      await db.query(`CREATE FUNCTION test_import_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$`);
      await db.query(`CREATE TRIGGER test_import_fail BEFORE INSERT ON cases FOR EACH ROW WHEN (NEW.data->>'name_last' = '${nameLast}') EXECUTE FUNCTION test_import_fail()`);
      try {
        await during();
      } finally {
        await db.query(`DROP TRIGGER test_import_fail ON cases`);
        await db.query(`DROP FUNCTION test_import_fail()`);
      }
    }
    /** The duplicate-scan outbox rows of these cases, in outbox order. */
    const scansOf = async (caseIds: string[]) =>
      db.query<{ caseId: string; jobName: string; jobId: string }>(
        `SELECT payload->>'caseId' AS "caseId", job_name AS "jobName", job_id AS "jobId" FROM outbox WHERE queue = 'cases' AND payload->>'caseId' = ANY($1::text[]) ORDER BY id`,
        [caseIds],
      );
    const caseIdsOf = async (prefix: string) =>
      (await db.query<{ id: string }>(`SELECT id FROM cases WHERE created_by = $1 AND data->>'name_last' LIKE $2 ORDER BY data->>'name_last'`, [users.supervisor.id, `${prefix}%`])).map((r) => r.id);
    const importRow = async (id: string) =>
      (await db.query(`SELECT status, rows_total AS "rowsTotal", rows_done AS "rowsDone", rows_created AS "rowsCreated", rows_existing AS "rowsExisting", rows_failed AS "rowsFailed", errors FROM imports WHERE id = $1`, [id]))[0];
    const eventsPerCase = async (prefix: string) =>
      (await db.query<{ n: number }>(
        `SELECT count(e.id)::int AS n FROM cases c LEFT JOIN case_events e ON e.case_id = c.id AND e.action = 'create'
          WHERE c.created_by = $1 AND c.data->>'name_last' LIKE $2 GROUP BY c.id`,
        [users.supervisor.id, `${prefix}%`],
      )).map((r) => r.n);

    it('reports bad rows of several chunks by row and field, stores the good ones, and stores nothing twice on re-run', async () => {
      const csv = Buffer.from(
        [
          HEADER,
          line('Adama', 'Chunk-1'),
          line('Fanta', 'Chunk-2', { sex: 'other' }),
          line('Moussa', 'Chunk-3', { sex: 'male', dob: '2999-01-01' }),
          line('Rokia', 'Chunk-4'),
          line('Drissa', 'Chunk-5', { sex: 'male' }),
          line('Assitan', 'Chunk-6', { sex: 'unknown' }),
          line('Modibo', 'Chunk-7', { sex: 'male' }),
        ].join('\n'),
      );
      // Chunks of two rows: [1, 2] [3, 4] [5, 6] [7] — a bad row in each of the first three.
      const first = await storedImport(csv);
      expect(await worker.get(ImportRunner).run(first, true, { chunkRows: 2 })).toEqual({ created: 4, existing: 0, failed: 3 });
      const report = await importRow(first);
      expect(report).toMatchObject({ status: 'done', rowsTotal: 7, rowsDone: 7, rowsCreated: 4, rowsExisting: 0, rowsFailed: 3 });
      expect(report.errors.map((e: { row: number; path: string }) => [e.row, e.path])).toEqual([
        [2, '/data/sex'],
        [3, '/data/date_of_birth'],
        [6, '/data/sex'],
      ]);
      expect(await storedNames('Chunk-')).toEqual(['Chunk-1', 'Chunk-4', 'Chunk-5', 'Chunk-7']);

      const again = await storedImport(csv);
      expect(await worker.get(ImportRunner).run(again, true, { chunkRows: 3 })).toEqual({ created: 0, existing: 4, failed: 3 });
      expect(await storedNames('Chunk-')).toEqual(['Chunk-1', 'Chunk-4', 'Chunk-5', 'Chunk-7']);
      expect(await eventsPerCase('Chunk-')).toEqual([1, 1, 1, 1]);
    });

    it('keeps the chunks committed before a failure and resumes after the last one', async () => {
      const csv = Buffer.from([HEADER, ...[1, 2, 3, 4, 5, 6].map((i) => line('Salimata', `Resume-${i}`))].join('\n'));
      const id = await storedImport(csv);
      // Row 5 (third chunk of two) makes its INSERT fail.
      await failingRow('Resume-5', () => expect(worker.get(ImportRunner).run(id, false, { chunkRows: 2 })).rejects.toThrow('simulated failure'));
      expect(await importRow(id)).toMatchObject({ status: 'running', rowsTotal: 6, rowsDone: 4, rowsCreated: 4 });
      expect(await storedNames('Resume-')).toEqual(['Resume-1', 'Resume-2', 'Resume-3', 'Resume-4']);

      // The job's retry: rows 1-4 are not read again as "existing", they are past the resume point.
      expect(await worker.get(ImportRunner).run(id, true, { chunkRows: 2 })).toEqual({ created: 6, existing: 0, failed: 0 });
      expect(await importRow(id)).toMatchObject({ status: 'done', rowsDone: 6, rowsCreated: 6, rowsExisting: 0, rowsFailed: 0, errors: [] });
      expect(await storedNames('Resume-')).toEqual(['Resume-1', 'Resume-2', 'Resume-3', 'Resume-4', 'Resume-5', 'Resume-6']);
      expect(await eventsPerCase('Resume-')).toEqual([1, 1, 1, 1, 1, 1]);
    });

    it('holds the duplicate scans until the import ends: after a worker restart the scans of every committed chunk run, after interactive jobs, and flag duplicates among the imported cases', async () => {
      const dob = `20${randomInt(10, 20)}-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;
      const twin = { name_first: 'Oumou', sex: 'female', date_of_birth: dob, caregiver_name: 'Awa Sangaré', location_current: LOCATION };
      // Rows 1 and 5 are the same child registered twice (accents dropped the second time), in chunks [1, 2] and [5, 6].
      const rows = [
        maliChild({ ...twin, name_last: 'Held-1 Sangaré' }),
        ...[2, 3, 4].map((i) => maliChild({ name_last: `Held-${i}`, location_current: LOCATION })),
        maliChild({ ...twin, name_last: 'Held-5 Sangare' }),
        maliChild({ name_last: 'Held-6', location_current: LOCATION }),
      ];
      const id = await storedImport(Buffer.from(rows.map((data) => JSON.stringify({ data })).join('\n')), 'ndjson');

      // The worker running the import dies while the third chunk is written: two chunks are committed.
      const crashed = await startTestWorker();
      try {
        await failingRow('Held-5 Sangare', () => expect(crashed.get(ImportRunner).run(id, false, { chunkRows: 2 })).rejects.toThrow('simulated failure'));
      } finally {
        await crashed.close();
      }
      const committed = await caseIdsOf('Held-');
      expect(committed).toHaveLength(4);
      expect(await scansOf(committed)).toEqual([]);

      // A new worker takes the job's retry: it resumes after row 4 and, when the import ends, stages the scans of all six.
      const restarted = await startTestWorker();
      try {
        expect(await restarted.get(ImportRunner).run(id, true, { chunkRows: 2 })).toEqual({ created: 6, existing: 0, failed: 0 });
        // In file order (the family names sort as the rows).
        const stored = await caseIdsOf('Held-');
        const scans = await scansOf(stored);
        expect(scans.map((s) => s.caseId)).toEqual(stored);
        expect(scans.every((s) => s.jobName === 'scan-duplicates-bulk' && s.jobId === `scan-duplicates-${s.caseId}-1`)).toBe(true);

        const [first, fifth] = [stored[0], stored[4]];
        const alertOn = async (caseId: string) =>
          (await db.query<{ other: string }>(`SELECT message->>'otherCaseId' AS other FROM alerts WHERE kind = 'duplicate' AND case_id = $1`, [caseId])).map((a) => a.other);
        await waitUntil(async () => (await alertOn(first)).length > 0 && (await alertOn(fifth)).length > 0, 20_000, 'duplicate alerts on the imported twins');
        expect(await alertOn(first)).toEqual([fifth]);
        expect(await alertOn(fifth)).toEqual([first]);
        // Queued behind every job without a priority (creates' scans, transitions, exports).
        const job = await api.app.get(QueueConnection).queue('cases').getJob(`scan-duplicates-${first}-1`);
        expect(job?.opts.priority).toBeGreaterThan(0);
      } finally {
        await restarted.close();
      }
    });

    it('stages the scans of the committed chunks when an import fails for good', async () => {
      const csv = Buffer.from([HEADER, ...[1, 2, 3].map((i) => line('Fatoumata', `Gone-${i}`))].join('\n'));
      const id = await storedImport(csv);
      await failingRow('Gone-3', () => expect(worker.get(ImportRunner).run(id, true, { chunkRows: 2 })).rejects.toThrow('simulated failure'));
      expect(await importRow(id)).toMatchObject({ status: 'failed', rowsDone: 2, rowsCreated: 2 });
      const stored = await caseIdsOf('Gone-');
      expect((await scansOf(stored)).map((s) => s.caseId)).toEqual(stored);
    });
  });

  it('refuses roles without import, bad bodies, and hides imports from other users', async () => {
    // The case worker may create cases one by one, not in bulk; the analyst may not create at all.
    await api.http().post('/api/v1/imports').set(as('worker1')).send({ format: 'csv', content: Buffer.from(HEADER).toString('base64') }).expect(403);
    await api.http().post('/api/v1/imports').set(as('analyst')).send({ format: 'csv', content: Buffer.from(HEADER).toString('base64') }).expect(403);
    const bad64 = await api.http().post('/api/v1/imports').set(importer()).send({ format: 'csv', content: 'not base64!' }).expect(422);
    expect(bad64.body.error.details[0].path).toBe('/content');
    const badFormat = await api.http().post('/api/v1/imports').set(importer()).send({ format: 'pdf', content: 'AAAA' }).expect(422);
    expect(badFormat.body.error.details[0].path).toBe('/format');
    const started = await api.http().post('/api/v1/imports').set(importer()).send({ format: 'csv', content: Buffer.from(HEADER).toString('base64') }).expect(202);
    await api.http().get(`/api/v1/imports/${started.body.data.id}`).set(as('worker1')).expect(404);
  });
});
