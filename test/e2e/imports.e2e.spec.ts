import { INestApplicationContext } from '@nestjs/common';
import { Database } from '@tutela/persistence';
import { Workbook } from 'exceljs';
import { login, loginAll } from '../support/auth-helpers';
import { waitUntil } from '../support/queue-drain';
import { startTestApi } from '../support/test-app';
import { startTestWorker } from '../support/test-worker';

/** Cases of this suite live in one cercle no other suite uses. */
const LOCATION = 'ML0301';
const OFFICER_PASSWORD = 'Sikasso-mango-harbor-4821';
const HEADER = 'name_first,name_last,sex,date_of_birth,registration_date,consent_for_services,consent_source,location_current,protection_concerns,risk_level';

const line = (first: string, last: string, extra: Partial<Record<'sex' | 'dob' | 'concerns', string>> = {}) =>
  [first, last, extra.sex ?? 'female', extra.dob ?? '2015-03-02', '2026-09-30', 'true', 'parent_caregiver', LOCATION, extra.concerns ?? '', extra.concerns ? 'low' : ''].join(',');

describe('imports', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let worker: INestApplicationContext;
  let users: Awaited<ReturnType<typeof loginAll>>;
  let officer: { authorization: string };
  let officerId: string;
  let db: Database;
  const as = (user: keyof typeof users) => ({ authorization: `Bearer ${users[user].token}` });

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    users = await loginAll(api.http);
    db = api.app.get(Database);
    // No demo role holds `import` (deny by default): a data-entry role that does.
    await api.http().post('/api/v1/admin/roles').set(as('admin')).send({
      id: 'import_officer',
      name: { en: 'Data entry officer', fr: 'Agent de saisie' },
      scope: 'own',
      modules: ['cp'],
      permissions: { case: ['read', 'create', 'update', 'import'] },
      forms: { '*': 'write' },
    }).expect(201);
    const created = await api.http().post('/api/v1/admin/users').set(as('admin')).send({ username: 'import_officer1', fullName: 'Import Officer', roleId: 'import_officer', agencyId: 'ministry', password: OFFICER_PASSWORD });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const session = await login(api.http, 'import_officer1', OFFICER_PASSWORD);
    officer = { authorization: `Bearer ${session.accessToken}` };
    officerId = session.user.id;
  });
  afterAll(async () => {
    await worker.close();
    await api.app.close();
  });

  async function runImport(format: string, content: Buffer) {
    const started = await api.http().post('/api/v1/imports').set(officer).send({ format, content: content.toString('base64') }).expect(202);
    const id = started.body.data.id as string;
    let status: Record<string, any> = started.body.data;
    await waitUntil(async () => {
      status = (await api.http().get(`/api/v1/imports/${id}`).set(officer).expect(200)).body.data;
      return status.status === 'done' || status.status === 'failed';
    }, 20_000, 'import to finish');
    return status;
  }
  const storedNames = async (prefix: string) =>
    (await db.query<{ name: string }>(`SELECT data->>'name_last' AS name FROM cases WHERE created_by = $1 AND data->>'name_last' LIKE $2 ORDER BY 1`, [officerId, `${prefix}%`])).map((r) => r.name);

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
    const audit = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import_created' AND actor_id = $1`, [officerId]);
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

  it('refuses roles without import, bad bodies, and hides imports from other users', async () => {
    await api.http().post('/api/v1/imports').set(as('supervisor')).send({ format: 'csv', content: Buffer.from(HEADER).toString('base64') }).expect(403);
    await api.http().post('/api/v1/imports').set(as('analyst')).send({ format: 'csv', content: Buffer.from(HEADER).toString('base64') }).expect(403);
    const bad64 = await api.http().post('/api/v1/imports').set(officer).send({ format: 'csv', content: 'not base64!' }).expect(422);
    expect(bad64.body.error.details[0].path).toBe('/content');
    const badFormat = await api.http().post('/api/v1/imports').set(officer).send({ format: 'pdf', content: 'AAAA' }).expect(422);
    expect(badFormat.body.error.details[0].path).toBe('/format');
    const started = await api.http().post('/api/v1/imports').set(officer).send({ format: 'csv', content: Buffer.from(HEADER).toString('base64') }).expect(202);
    await api.http().get(`/api/v1/imports/${started.body.data.id}`).set(as('supervisor')).expect(404);
  });
});
