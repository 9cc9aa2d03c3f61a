import { ConfigurationService } from '@tutela/cases';
import { loginAll } from '../support/auth-helpers';
import { startTestApi } from '../support/test-app';
import { isolatedEnvironment } from '../support/isolated-database';

const CHILD = {
  registration_date: '2026-10-01', consent_for_services: true, consent_source: 'parent_caregiver', name_first: 'Mariam', name_last: 'Koné',
  sex: 'female', date_of_birth: '2015-03-02', location_current: 'ML0901', address_current: 'Rue 12, Hippodrome', has_disability: false,
};
const NEW_FIELD = 'school_name_int';

/**
 * Two API processes on one database (two Nest apps, two LISTEN connections): a form version published through one
 * is enforced by the other without a restart, once the other's snapshot follows the revision bump.
 */
describe('publishing configuration across processes', () => {
  let a: Awaited<ReturnType<typeof startTestApi>>;
  let b: Awaited<ReturnType<typeof startTestApi>>;
  let usersA: Awaited<ReturnType<typeof loginAll>>;
  let usersB: Awaited<ReturnType<typeof loginAll>>;

  beforeAll(async () => {
    // Publishes a form: on a database of its own, shared by the two instances, so other suites keep the pack.
    const isolated = await isolatedEnvironment('publish');
    a = await startTestApi(isolated);
    b = await startTestApi(isolated);
    usersA = await loginAll(a.http);
    usersB = await loginAll(b.http);
  });
  afterAll(async () => {
    await Promise.all([a?.app.close(), b?.app.close()]);
  });

  /** Waits for a notification-driven rebuild; the deadline only turns a lost notification into a failure. */
  async function caughtUp(service: ConfigurationService, revision: number): Promise<boolean> {
    const deadline = Date.now() + 15_000;
    while (service.snapshot().revision < revision && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    return service.snapshot().revision >= revision;
  }

  it('a form published on one instance validates cases on the other; stored cases keep their form versions', async () => {
    const workerB = { authorization: `Bearer ${usersB.worker1.token}` };
    const adminA = { authorization: `Bearer ${usersA.admin.token}` };
    const before = await b.http().post('/api/v1/cases').set(workerB).send({ data: CHILD }).expect(201);
    const storedVersions = before.body.data.formVersions as Record<string, number>;
    expect(storedVersions.basic_identity).toEqual(expect.any(Number));
    const refused = await b.http().post('/api/v1/cases').set(workerB).send({ data: { ...CHILD, [NEW_FIELD]: 'École de Hamdallaye' } }).expect(422);
    expect(refused.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: `/data/${NEW_FIELD}` })]));

    const bundle = (await a.http().get('/api/v1/admin/config/export').set(adminA).expect(200)).body.data.files;
    const identity = bundle['forms/basic_identity.json'];
    const field = { name: NEW_FIELD, type: 'text', maxLength: 200, label: { fr: "Nom de l'école", en: 'School name' } };
    const published = await a.http().put('/api/v1/admin/forms/basic_identity').set(adminA).send({ ...identity, fields: [...identity.fields, field] }).expect(201);
    const version = published.body.data.version as number;
    expect(version).toBe(storedVersions.basic_identity + 1);

    const revision = a.app.get(ConfigurationService).snapshot().revision;
    expect(await caughtUp(b.app.get(ConfigurationService), revision)).toBe(true);

    const created = await b.http().post('/api/v1/cases').set(workerB).send({ data: { ...CHILD, [NEW_FIELD]: 'École de Hamdallaye' } }).expect(201);
    expect(created.body.data.data[NEW_FIELD]).toBe('École de Hamdallaye');
    expect(created.body.data.formVersions.basic_identity).toBe(version);
    const form = (await b.http().get('/api/v1/forms/basic_identity').set(workerB).expect(200)).body.data;
    expect(form.version).toBe(version);

    const stored = await b.http().get(`/api/v1/cases/${before.body.data.id}`).set(workerB).expect(200);
    expect(stored.body.data.formVersions).toEqual(storedVersions);
    const old = (await b.http().get(`/api/v1/forms/basic_identity/versions/${storedVersions.basic_identity}`).set(workerB).expect(200)).body.data;
    expect(old.jsonSchema.properties).not.toHaveProperty(NEW_FIELD);
  });

  it('an invalid definition publishes nothing on either instance', async () => {
    const adminA = { authorization: `Bearer ${usersA.admin.token}` };
    const workerB = { authorization: `Bearer ${usersB.worker1.token}` };
    const identity = (await a.http().get('/api/v1/admin/config/export').set(adminA).expect(200)).body.data.files['forms/basic_identity.json'];
    const broken = { ...identity, fields: [...identity.fields, { name: 'risk_level', type: 'text', label: { fr: 'x', en: 'x' } }] };
    const res = await a.http().put('/api/v1/admin/forms/basic_identity').set(adminA).send(broken).expect(422);
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringContaining('risk_level') })]));
    const after = (await a.http().get('/api/v1/admin/config/export').set(adminA).expect(200)).body.data.files['forms/basic_identity.json'];
    expect(after).toEqual(identity);
    expect((await b.http().get('/api/v1/forms/basic_identity').set(workerB).expect(200)).body.data.version).toBe(identity.version);
  });
});
