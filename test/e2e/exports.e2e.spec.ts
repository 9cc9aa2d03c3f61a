import { ExportRunner, QueueConnection } from '@tutela/cases';
import { Database } from '@tutela/persistence';
import { INestApplicationContext } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { login, loginAll } from '../support/auth-helpers';
import { waitUntil } from '../support/queue-drain';
import { startTestApi } from '../support/test-app';
import { startTestWorker } from '../support/test-worker';
import { maliChild } from '../support/mali-child';

/** Cases of this suite live in one cercle no other suite uses. */
const LOCATION = 'ML0202';
const OFFICER_PASSWORD = 'Kati-river-lantern-7319';

function child(overrides: Record<string, unknown> = {}) {
  return maliChild({ name_first: 'Fatoumata', name_last: `Keita-${randomUUID().slice(0, 6)}`, date_of_birth: '2012-07-09', location_current: LOCATION, caregiver_phone: '+22370000000', ...overrides });
}

const binary = (res: NodeJS.ReadableStream & { setEncoding: (e: string) => void }, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('exports', () => {
  // Every worker of a test run consumes the same queues, so all of them must write where the API reads: the default.
  let exportDir: string;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let worker: INestApplicationContext;
  let users: Awaited<ReturnType<typeof loginAll>>;
  let officer: string;
  let officerId: string;
  let db: Database;
  const as = (user: keyof typeof users) => ({ authorization: `Bearer ${users[user].token}` });
  const ministry: string[] = [];
  let ngoCase: string;

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    exportDir = api.config.exportDir;
    users = await loginAll(api.http);
    db = api.app.get(Database);
    // A role that may export its agency's cases but not read sensitive fields (no demo role is like that).
    await api.http().post('/api/v1/admin/roles').set(as('admin')).send({
      id: 'export_officer',
      name: { en: 'Export officer', fr: "Chargé d'export" },
      scope: 'agency',
      modules: ['cp'],
      permissions: { case: ['read', 'export'] },
      forms: { '*': 'read' },
    }).expect(201);
    const created = await api.http().post('/api/v1/admin/users').set(as('admin')).send({ username: 'export_officer1', fullName: 'Export Officer', roleId: 'export_officer', agencyId: 'ministry', password: OFFICER_PASSWORD });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const session = await login(api.http, 'export_officer1', OFFICER_PASSWORD);
    officer = session.accessToken;
    officerId = session.user.id;

    for (const [user, overrides] of [
      ['worker1', { name_nickname: '=HYPERLINK("http://evil.example","x")' }],
      ['worker1', { protection_concerns: ['physical_violence', 'neglect'], risk_level: 'low' }],
      ['worker2', {}],
    ] as Array<[keyof typeof users, Record<string, unknown>]>) {
      const res = await api.http().post('/api/v1/cases').set(as(user)).send({ data: child(overrides) });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
      ministry.push(res.body.data.id);
    }
    const other = await api.http().post('/api/v1/cases').set(as('worker1')).send({ data: child() }).expect(201);
    ngoCase = other.body.data.id;
    // Another agency's case in the same place: the partner owns it now.
    await db.query(`UPDATE cases SET agency_id = 'ngo_partner', owner_id = $2 WHERE id = $1`, [ngoCase, users.ngo_worker.id]);
  });
  afterAll(async () => {
    const files = await db.query<{ name: string }>(`SELECT file_name AS name FROM exports WHERE file_name IS NOT NULL AND created_by = ANY($1::uuid[])`, [[users.supervisor.id, officerId]]);
    for (const f of files) fs.rmSync(path.join(exportDir, f.name), { force: true });
    await worker.close();
    await api.app.close();
  });

  async function runExport(token: string, body: Record<string, unknown>) {
    const started = await api.http().post('/api/v1/exports').set({ authorization: `Bearer ${token}` }).send(body).expect(202);
    const id = started.body.data.id as string;
    let status: Record<string, any> = started.body.data;
    await waitUntil(async () => {
      status = (await api.http().get(`/api/v1/exports/${id}`).set({ authorization: `Bearer ${token}` }).expect(200)).body.data;
      return status.status === 'done' || status.status === 'failed';
    }, 20_000, 'export to finish');
    const file = await api.http().get(`/api/v1/exports/${id}/file`).set({ authorization: `Bearer ${token}` }).buffer(true).parse(binary as never).expect(200);
    return { id, status, file: file.body as Buffer, headers: file.headers };
  }

  it('exports to CSV exactly the visible records with the readable fields, formulas neutralised, and audits it', async () => {
    const { id, status, file, headers } = await runExport(users.supervisor.token, { format: 'csv', filters: { location: LOCATION } });
    expect(status).toMatchObject({ status: 'done', progress: { done: 3, total: 3 }, passwordProtected: false });
    expect(headers['content-type']).toContain('text/csv');
    const rows = parse(file, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.id).sort()).toEqual([...ministry].sort());
    expect(rows.some((r) => r.id === ngoCase)).toBe(false);
    // The supervisor may read sensitive fields: they are there (a leading + is neutralised like any formula start).
    expect(rows[0].caregiver_phone).toBe(`'+22370000000`);
    const hostile = rows.find((r) => r.id === ministry[0]) as Record<string, string>;
    expect(hostile.name_nickname).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(rows.find((r) => r.id === ministry[1])?.protection_concerns).toBe('physical_violence;neglect');
    const audit = await db.query(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a) => a.action)).toEqual(['export_created', 'export_downloaded']);
  });

  it('leaves sensitive fields out for a role without read_sensitive (JSON)', async () => {
    const { file } = await runExport(officer, { format: 'json', filters: { location: LOCATION } });
    const rows = JSON.parse(file.toString('utf8')) as Array<{ id: string; data: Record<string, unknown> }>;
    expect(rows.map((r) => r.id).sort()).toEqual([...ministry].sort());
    for (const row of rows) {
      expect(row.data.caregiver_phone).toBeUndefined();
      expect(row.data.name_first).toBe('Fatoumata');
    }
    expect(file.toString('utf8')).not.toContain('+22370000000');
  });

  it('writes XLSX with only the fields asked for', async () => {
    const { file } = await runExport(officer, { format: 'xlsx', filters: { location: LOCATION }, fields: ['name_first', 'sex'] });
    const workbook = new Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).filter(Boolean);
    expect(header).toEqual(['id', 'short_id', 'status', 'workflow_state', 'agency_id', 'owner_id', 'location_code', 'created_at', 'updated_at', 'name_first', 'sex']);
    expect(sheet.rowCount).toBe(4);
  });

  it('encrypts the file in an AES-256 zip when a password is given, and never stores the password', async () => {
    const password = 'correct horse battery';
    const { id, file, headers } = await runExport(users.supervisor.token, { format: 'csv', filters: { location: LOCATION }, password });
    expect(headers['content-type']).toBe('application/zip');
    expect(file.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(file.readUInt16LE(8)).toBe(99); // compression method 99 = WinZip AES
    expect(file.includes(Buffer.from('Fatoumata'))).toBe(false);
    const [row] = await db.query(`SELECT password_enc, request::text AS request FROM exports WHERE id = $1`, [id]);
    expect(row.password_enc).toBeNull();
    expect(row.request).not.toContain(password);
    const audit = await db.query(`SELECT details::text AS details FROM audit_log WHERE target_id = $1`, [id]);
    for (const a of audit) expect(a.details).not.toContain(password);
  });

  it('refuses roles without export, unreadable fields and bad filters; hides others’ exports; 410 after expiry', async () => {
    await api.http().post('/api/v1/exports').set(as('worker1')).send({ format: 'csv' }).expect(403);
    await api.http().post('/api/v1/exports').set(as('analyst')).send({ format: 'csv' }).expect(403);
    const sensitive = await api.http().post('/api/v1/exports').set({ authorization: `Bearer ${officer}` }).send({ format: 'csv', fields: ['name_first', 'caregiver_phone'] }).expect(403);
    expect(sensitive.body.error.details).toEqual([expect.objectContaining({ path: '/fields/1', code: 'forbidden_field' })]);
    const unknown = await api.http().post('/api/v1/exports').set(as('supervisor')).send({ format: 'csv', fields: ['shoe_size'] }).expect(422);
    expect(unknown.body.error.details[0].path).toBe('/fields/0');
    const badFilter = await api.http().post('/api/v1/exports').set(as('supervisor')).send({ format: 'csv', filters: { location: 'NOWHERE' } }).expect(400);
    expect(badFilter.body.error.details[0].path).toBe('/query/location');
    await api.http().post('/api/v1/exports').set(as('supervisor')).send({ format: 'pdf' }).expect(422);
    await api.http().post('/api/v1/exports').set(as('supervisor')).send({ format: 'csv', password: 'short' }).expect(422);

    const { id } = await runExport(users.supervisor.token, { format: 'csv', filters: { location: LOCATION } });
    await api.http().get(`/api/v1/exports/${id}`).set({ authorization: `Bearer ${officer}` }).expect(404);
    await api.http().get(`/api/v1/exports/${id}/file`).set(as('worker1')).expect(404);
    const [{ file_name: fileName }] = await db.query(`SELECT file_name FROM exports WHERE id = $1`, [id]);
    expect(fs.existsSync(path.join(exportDir, fileName))).toBe(true);
    await db.query(`UPDATE exports SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    await api.http().get(`/api/v1/exports/${id}/file`).set(as('supervisor')).expect(410).expect((res) => expect(res.body.error.code).toBe("GONE"));
    expect(fs.existsSync(path.join(exportDir, fileName))).toBe(false);
    const status = await api.http().get(`/api/v1/exports/${id}`).set(as('supervisor')).expect(200);
    expect(status.body.data.status).toBe('expired');
  });

  it('schedules the removal of each file at its expiry, and the sweep removes every expired file', async () => {
    const { id } = await runExport(users.supervisor.token, { format: 'json', filters: { location: LOCATION } });
    const expiry = await api.app.get(QueueConnection).queue('exports').getJob(`export-expire-${id}`);
    expect(await expiry?.getState()).toBe('delayed');
    const [{ file_name: fileName }] = await db.query(`SELECT file_name FROM exports WHERE id = $1`, [id]);
    await db.query(`UPDATE exports SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    expect(await worker.get(ExportRunner).expire(id)).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(path.join(exportDir, fileName))).toBe(false);
    const [row] = await db.query(`SELECT status, file_name FROM exports WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'expired', file_name: null });
  });
});
