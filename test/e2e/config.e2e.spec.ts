import { loginAll } from '../support/auth-helpers';
import { startTestApi } from '../support/test-app';
import { isolatedEnvironment } from '../support/isolated-database';

type Def = Record<string, any>;

/** Configuration for front ends (forms, lookups, locations, workflows) and its administration (issue 3). */
describe('configuration endpoints', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let users: Awaited<ReturnType<typeof loginAll>>;
  const as = (user: keyof typeof users) => ({ authorization: `Bearer ${users[user].token}` });
  const get = (path: string, user: keyof typeof users, headers: Record<string, string> = {}) => api.http().get(`/api/v1${path}`).set(as(user)).set(headers);

  async function exported(): Promise<Record<string, any>> {
    return (await get('/admin/config/export', 'admin').expect(200)).body.data.files;
  }

  beforeAll(async () => {
    // Publishes forms and lookups: on a database of its own, so other suites keep validating against the pack.
    api = await startTestApi(await isolatedEnvironment('config'));
    users = await loginAll(api.http);
  });
  afterAll(async () => {
    await api.app.close();
  });

  describe('GET /forms', () => {
    it('lists the forms a role may read with its access, titles in the requested language', async () => {
      const worker = (await get('/forms', 'worker1', { 'accept-language': 'en' }).expect(200)).body.data;
      const identity = worker.find((f: Def) => f.id === 'basic_identity');
      expect(identity).toMatchObject({ recordType: 'case', access: 'write', title: expect.any(String), version: expect.any(Number) });
      const fr = (await get('/forms?locale=fr', 'worker1').expect(200)).body.data.find((f: Def) => f.id === 'notes');
      const en = (await get('/forms?locale=en', 'worker1').expect(200)).body.data.find((f: Def) => f.id === 'notes');
      expect([fr.title, en.title]).toEqual(['Notes', 'Notes']);
      const frIdentity = (await get('/forms', 'worker1', { 'accept-language': 'fr-ML,fr;q=0.9' }).expect(200)).body.data.find((f: Def) => f.id === 'basic_identity');
      expect(frIdentity.title).not.toBe(identity.title);

      const partner = (await get('/forms', 'ngo_worker').expect(200)).body.data as Def[];
      expect(partner.find((f) => f.id === 'closure')).toBeUndefined();
      expect(partner.find((f) => f.id === 'services')?.access).toBe('write');
      expect(partner.find((f) => f.id === 'basic_identity')?.access).toBe('read');
      const admin = (await get('/forms', 'admin').expect(200)).body.data as Def[];
      expect(admin.map((f) => f.id)).toEqual(expect.arrayContaining(['closure', 'basic_identity', 'notes']));
      await api.http().get('/api/v1/forms').expect(401);
    });
  });

  describe('GET /forms/:formId', () => {
    it('serves the localized definition with jsonSchema and uiSchema', async () => {
      const form = (await get('/forms/basic_identity?locale=en', 'worker1').expect(200)).body.data;
      expect(form).toMatchObject({ id: 'basic_identity', locale: 'en', version: expect.any(Number), uiSchema: { type: 'VerticalLayout' } });
      expect(form.jsonSchema.properties).toHaveProperty('name_first');
      expect(form.fields.find((f: Def) => f.name === 'sex').options.map((o: Def) => o.id)).toEqual(expect.arrayContaining(['male', 'female']));
      expect(typeof form.fields[0].label).toBe('string');
    });

    it('strips sensitive fields for roles without read_sensitive, in the fields and in both schemas', async () => {
      const worker = (await get('/forms/basic_identity', 'worker1').expect(200)).body.data;
      expect(worker.jsonSchema.properties).toHaveProperty('address_current');
      const partner = (await get('/forms/basic_identity', 'ngo_worker').expect(200)).body.data;
      expect(partner.fields.map((f: Def) => f.name)).not.toContain('address_current');
      expect(partner.jsonSchema.properties).not.toHaveProperty('address_current');
      expect(partner.jsonSchema.properties).not.toHaveProperty('disability_type');
      expect(JSON.stringify(partner.uiSchema)).not.toContain('address_current');
      expect(partner.fields.map((f: Def) => f.name)).toContain('name_first');
    });

    it('answers 404 for an unknown form and for a form the role may not read', async () => {
      expect((await get('/forms/no_such_form', 'worker1').expect(404)).body.error.code).toBe('NOT_FOUND');
      await get('/forms/closure', 'ngo_worker').expect(404);
      await get('/forms/closure', 'worker1').expect(200);
    });

    it('serves a published version and 404 for a version that does not exist', async () => {
      const current = (await get('/forms/notes', 'worker1').expect(200)).body.data;
      const first = (await get('/forms/notes/versions/1', 'worker1').expect(200)).body.data;
      expect(first).toMatchObject({ id: 'notes', version: 1 });
      await get(`/forms/notes/versions/${current.version + 50}`, 'worker1').expect(404);
      await get('/forms/notes/versions/abc', 'worker1').expect(404);
      await get('/forms/closure/versions/1', 'ngo_worker').expect(404);
    });
  });

  describe('lookups, locations, workflows', () => {
    it('serves lookups localized, and 404 for an unknown one', async () => {
      const all = (await get('/lookups?locale=en', 'worker1').expect(200)).body.data as Def[];
      expect(all.map((l) => l.id)).toEqual(expect.arrayContaining(['sex', 'followup_type']));
      const sex = (await get('/lookups/sex', 'worker1', { 'accept-language': 'fr' }).expect(200)).body.data;
      expect(sex).toMatchObject({ id: 'sex', locale: 'fr', locked: true });
      expect(sex.options.find((o: Def) => o.id === 'female').label).toEqual(expect.any(String));
      await get('/lookups/no_such_lookup', 'worker1').expect(404);
      await get('/lookups/Bad-Id', 'worker1').expect(404);
    });

    it('serves location nodes by parent, level and text, paged; 404 for an unknown parent; 422 for bad parameters', async () => {
      const roots = (await get('/locations', 'worker1').expect(200)).body;
      expect(roots.data).toEqual([expect.objectContaining({ code: 'ML', level: 0, parentCode: null, path: 'ML' })]);
      const regions = (await get('/locations?parent=ML&per=5&page=1', 'worker1').expect(200)).body;
      expect(regions.data).toHaveLength(5);
      expect(regions.meta).toMatchObject({ page: 1, per: 5, total: expect.any(Number) });
      expect(regions.meta.total).toBeGreaterThan(5);
      expect(regions.data[0]).toMatchObject({ parentCode: 'ML', level: 1, path: expect.stringMatching(/^ML\.ML/) });
      const kayes = (await get('/locations?q=kayes&level=1', 'worker1').expect(200)).body.data;
      expect(kayes.map((n: Def) => n.code)).toEqual(['ML01']);
      await get('/locations?parent=NOPE', 'worker1').expect(404);
      const bad = (await get('/locations?level=9&per=0', 'worker1').expect(422)).body.error.details.map((d: Def) => d.path);
      expect(bad).toEqual(expect.arrayContaining(['/level', '/per']));
    });

    it('describes a workflow in the requested language; 404 for an unknown one', async () => {
      const en = (await get('/workflows/case_management?locale=en', 'supervisor').expect(200)).body.data;
      expect(en.states.map((s: Def) => s.id)).toEqual(expect.arrayContaining(['registration', 'assessment', 'closed']));
      const fr = (await get('/workflows/case_management', 'supervisor', { 'accept-language': 'fr' }).expect(200)).body.data;
      expect(fr.name).not.toBe(en.name);
      await get('/workflows/no_such_workflow', 'supervisor').expect(404);
    });
  });

  describe('admin: forms', () => {
    it('dry-runs a definition: 200 with warnings, 422 with every problem of the definition and the pack, 403 for non-admins', async () => {
      const notes = (await exported())['forms/notes.json'];
      const ok = await api.http().post('/api/v1/admin/forms/notes/validate').set(as('admin')).send(notes).expect(200);
      expect(ok.body.data).toMatchObject({ valid: true, version: notes.version + 1, warnings: [] });
      const removed = await api.http().post('/api/v1/admin/forms/notes/validate').set(as('admin')).send({ ...notes, fields: [...notes.fields, { name: 'notes_flag_e2e', type: 'boolean', label: { fr: 'Drapeau', en: 'Flag' } }].slice(1) }).expect(200);
      expect(removed.body.data.warnings).toEqual([expect.objectContaining({ code: 'field_removed', file: 'forms/notes.json' })]);

      const broken = {
        ...notes,
        fields: [
          ...notes.fields,
          { name: 'name_first', type: 'text', label: { fr: 'Prénom', en: 'First name' } },
          { name: 'notes_channel_e2e', type: 'select', lookup: 'no_such_lookup', label: { fr: 'Canal', en: 'Channel' } },
          { name: 'notes_detail_e2e', type: 'text', label: { fr: 'Détail', en: 'Detail' }, visibleIf: { field: 'no_such_field', op: 'eq', value: 'x' } },
        ],
      };
      const res = await api.http().post('/api/v1/admin/forms/notes/validate').set(as('admin')).send(broken).expect(422);
      const messages = res.body.error.details.map((d: Def) => `${d.file} ${d.path} ${d.message}`).join('\n');
      expect(messages).toMatch(/name_first/);
      expect(messages).toMatch(/no_such_lookup/);
      expect(messages).toMatch(/no_such_field/);
      expect(res.body.error.details.every((d: Def) => typeof d.file === 'string' && d.path.startsWith('/'))).toBe(true);

      const shape = await api.http().post('/api/v1/admin/forms/notes/validate').set(as('admin')).send({ ...notes, fields: [{ name: 'Bad Name', type: 'nonsense' }] }).expect(422);
      expect(shape.body.error.details.some((d: Def) => d.path.startsWith('/fields/0'))).toBe(true);
      const mismatch = await api.http().post('/api/v1/admin/forms/notes/validate').set(as('admin')).send({ ...notes, id: 'other' }).expect(422);
      expect(mismatch.body.error.details).toEqual([expect.objectContaining({ path: '/id' })]);
      await api.http().post('/api/v1/admin/forms/notes/validate').set(as('admin')).send([]).expect(400);
      for (const user of ['supervisor', 'worker1', 'ngo_worker', 'analyst'] as const) {
        await api.http().post('/api/v1/admin/forms/notes/validate').set(as(user)).send(notes).expect(403);
      }
    });

    it('publishes a new immutable version (201), 200 when unchanged, 422 when invalid, audited; the old version stays readable', async () => {
      const notes = (await exported())['forms/notes.json'];
      const next = { ...notes, fields: [...notes.fields, { name: 'notes_reviewed_e2e', type: 'boolean', label: { fr: 'Relu', en: 'Reviewed' } }] };
      const published = await api.http().put('/api/v1/admin/forms/notes').set(as('admin')).send(next).expect(201);
      expect(published.body.data).toMatchObject({ id: 'notes', version: notes.version + 1, published: true });
      const again = await api.http().put('/api/v1/admin/forms/notes').set(as('admin')).send({ ...next, version: 999 }).expect(200);
      expect(again.body.data).toMatchObject({ version: notes.version + 1, published: false });

      const current = (await get('/forms/notes', 'worker1').expect(200)).body.data;
      expect(current.version).toBe(notes.version + 1);
      expect(current.jsonSchema.properties).toHaveProperty('notes_reviewed_e2e');
      const old = (await get(`/forms/notes/versions/${notes.version}`, 'worker1').expect(200)).body.data;
      expect(old.jsonSchema.properties).not.toHaveProperty('notes_reviewed_e2e');

      const invalid = await api.http().put('/api/v1/admin/forms/notes').set(as('admin')).send({ ...next, fields: [...next.fields, { name: 'sex', type: 'text', label: { fr: 'x', en: 'x' } }] }).expect(422);
      expect(invalid.body.error.details.length).toBeGreaterThan(0);
      expect((await get('/forms/notes', 'worker1').expect(200)).body.data.version).toBe(notes.version + 1);
      await api.http().put('/api/v1/admin/forms/notes').set(as('supervisor')).send(next).expect(403);

      const audit = (await get('/admin/audit-log?action=config_published', 'admin').expect(200)).body.data as Def[];
      expect(audit.some((e) => e.targetType === 'form' && e.targetId === 'notes')).toBe(true);
    });

    it('refuses removing an inline option: it may be disabled instead', async () => {
      const files = await exported();
      const [file, form] = Object.entries(files).find(([name, def]) => name.startsWith('forms/') && (def as Def).fields.some((f: Def) => f.options?.length > 1))!;
      const index = (form as Def).fields.findIndex((f: Def) => f.options?.length > 1);
      const fields = structuredClone((form as Def).fields);
      fields[index].options = fields[index].options.slice(1);
      const res = await api.http().put(`/api/v1/admin/${file.replace('.json', '')}`).set(as('admin')).send({ ...(form as Def), fields }).expect(422);
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'option_removed', path: `/fields/${index}/options` })]));
    });
  });

  describe('admin: lookups', () => {
    it('publishes a lookup (201), refuses removed options (422) and locked lookups (403), and 403 for non-admins', async () => {
      const lookup = (await exported())['lookups/followup_type.json'];
      const added = { ...lookup, options: [...lookup.options, { id: 'phone_call_e2e', label: { fr: 'Appel téléphonique', en: 'Phone call' } }] };
      const res = await api.http().put('/api/v1/admin/lookups/followup_type').set(as('admin')).send(added).expect(201);
      expect(res.body.data).toMatchObject({ id: 'followup_type', published: true, version: expect.any(Number) });
      const served = (await get('/lookups/followup_type?locale=en', 'worker1').expect(200)).body.data;
      expect(served.options.find((o: Def) => o.id === 'phone_call_e2e')).toEqual({ id: 'phone_call_e2e', label: 'Phone call' });

      const removed = await api.http().put('/api/v1/admin/lookups/followup_type').set(as('admin')).send(lookup).expect(422);
      expect(removed.body.error.details).toEqual([expect.objectContaining({ code: 'option_removed', path: '/options', file: 'lookups/followup_type.json' })]);
      const disabled = { ...added, options: added.options.map((o: Def) => (o.id === 'phone_call_e2e' ? { ...o, disabled: true } : o)) };
      await api.http().put('/api/v1/admin/lookups/followup_type').set(as('admin')).send(disabled).expect(201);
      expect((await get('/lookups/followup_type', 'worker1').expect(200)).body.data.options.find((o: Def) => o.id === 'phone_call_e2e').disabled).toBe(true);

      const bad = await api.http().put('/api/v1/admin/lookups/followup_type').set(as('admin')).send({ ...disabled, options: [...disabled.options, { id: 'Bad Option' }] }).expect(422);
      expect(bad.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'lookups/followup_type.json', path: expect.stringMatching(/^\/options\/\d+/) })]));
      const sex = (await exported())['lookups/sex.json'];
      await api.http().put('/api/v1/admin/lookups/sex').set(as('admin')).send({ ...sex, options: [...sex.options, { id: 'other', label: { fr: 'Autre', en: 'Other' } }] }).expect(403);
      await api.http().put('/api/v1/admin/lookups/followup_type').set(as('worker1')).send(added).expect(403);
    });
  });

  describe('admin: locations import', () => {
    it('reports every problem with its row and column and applies nothing; then applies a clean CSV (text/csv or JSON)', async () => {
      const csv = ['code,parent_code,level,name_fr,name_en', 'MLE2E1,ML09,2,Quartier test,Test quarter', 'MLE2E2,NOPE,3,Sans parent,Orphan', 'ML01,ML,2,Kayes,Kayes', 'bad code,ML09,2,X,X'].join('\n');
      const res = await api.http().post('/api/v1/admin/locations/import').set(as('admin')).set('content-type', 'text/csv').send(csv).expect(422);
      const details = res.body.error.details as Def[];
      expect(details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 3, column: 'parent_code' }),
          expect.objectContaining({ row: 4, column: 'level' }),
          expect.objectContaining({ row: 5, column: 'code' }),
        ]),
      );
      await get('/locations?parent=ML09&q=Quartier test', 'worker1').expect(200).expect((r) => expect(r.body.data).toEqual([]));

      const clean = 'code,parent_code,level,name_fr,name_en\nMLE2E1,ML09,2,Quartier test,Test quarter\nMLE2E2,MLE2E1,3,Sous-quartier,Sub quarter\n';
      const applied = await api.http().post('/api/v1/admin/locations/import').set(as('admin')).set('content-type', 'text/csv; charset=utf-8').send(clean).expect(200);
      expect(applied.body.data).toEqual({ rows: 2, created: 2, updated: 0, unchanged: 0 });
      const child = (await get('/locations?parent=MLE2E1', 'worker1').expect(200)).body.data;
      expect(child).toEqual([expect.objectContaining({ code: 'MLE2E2', level: 3, parentCode: 'MLE2E1', path: 'ML.ML09.MLE2E1.MLE2E2' })]);

      const renamed = await api.http().post('/api/v1/admin/locations/import').set(as('admin')).send({ csv: 'code,parent_code,level,name_fr,name_en\nMLE2E2,MLE2E1,3,Sous-quartier renommé,Renamed\n' }).expect(200);
      expect(renamed.body.data).toEqual({ rows: 1, created: 0, updated: 1, unchanged: 0 });
      const moved = await api.http().post('/api/v1/admin/locations/import').set(as('admin')).send({ csv: 'code,parent_code,level,name_fr\nMLE2E2,ML09,2,Déplacé\n' }).expect(422);
      expect(moved.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ row: 2, column: 'level' }), expect.objectContaining({ row: 2, column: 'parent_code' })]));
      await api.http().post('/api/v1/admin/locations/import').set(as('admin')).send({ nothing: true }).expect(400);
      await api.http().post('/api/v1/admin/locations/import').set(as('supervisor')).send({ csv: clean }).expect(403);
    });
  });

  describe('admin: export and import', () => {
    it('exports the pack layout; importing it back publishes nothing', async () => {
      const before = (await get('/admin/config/export', 'admin').expect(200)).body.data;
      expect(Object.keys(before.files)).toEqual(expect.arrayContaining(['country.json', 'forms/basic_identity.json', 'lookups/sex.json', 'roles/caseworker.json', 'workflows/case_management.json', 'locations/mli.csv']));
      expect(before.files['locations/mli.csv']).toMatch(/^code,parent_code,level,name_en,name_fr,disabled\r?\nML,,0,Mali,Mali,false/);
      const res = await api.http().post('/api/v1/admin/config/import').set(as('admin')).send({ files: before.files }).expect(200);
      expect(res.body.data).toEqual({ published: [], locationsChanged: 0 });
      const after = (await get('/admin/config/export', 'admin').expect(200)).body.data;
      // Roles are left out of the comparison: other suites of the same run may create some meanwhile.
      const withoutRoles = (files: Record<string, unknown>) => Object.fromEntries(Object.entries(files).filter(([name]) => !name.startsWith('roles/')));
      expect(withoutRoles(after.files)).toEqual(withoutRoles(before.files));
      await get('/admin/config/export', 'supervisor').expect(403);
      await get('/admin/config/export', 'analyst').expect(403);
    });

    it('validates the whole bundle first: 422 listing every problem, nothing applied', async () => {
      const files = (await exported()) as Record<string, Def>;
      const notes = files['forms/notes.json'];
      const bundle = {
        ...files,
        'forms/notes.json': { ...notes, fields: [...notes.fields, { name: 'notes_bundle_e2e', type: 'select', lookup: 'no_such_lookup', label: { fr: 'x', en: 'x' } }] },
        'lookups/followup_type.json': { ...files['lookups/followup_type.json'], options: files['lookups/followup_type.json'].options.slice(1) },
        'roles/caseworker.json': { ...files['roles/caseworker.json'], scope: 'all' },
        'workflows/case_management.json': { ...files['workflows/case_management.json'], initialState: 'nowhere' },
        'forms/assessment.json': { ...files['forms/assessment.json'], id: 'not_assessment' },
        'stray.txt': 'hello',
      };
      const res = await api.http().post('/api/v1/admin/config/import').set(as('admin')).send({ files: bundle }).expect(422);
      const byFile = new Set((res.body.error.details as Def[]).map((d) => d.file));
      for (const file of ['forms/notes.json', 'lookups/followup_type.json', 'roles/caseworker.json', 'workflows/case_management.json', 'forms/assessment.json', 'stray.txt']) expect(byFile).toContain(file);
      expect((await exported())['forms/notes.json']).toEqual(notes);
      await api.http().post('/api/v1/admin/config/import').set(as('admin')).send({ files: {} }).expect(422);
      await api.http().post('/api/v1/admin/config/import').set(as('worker1')).send({ files }).expect(403);
    });

    it('publishes only the changed documents of a bundle', async () => {
      const files = (await exported()) as Record<string, Def>;
      const notes = files['forms/notes.json'];
      const changed = { ...notes, fields: [...notes.fields, { name: 'notes_imported_e2e', type: 'text', label: { fr: 'Importé', en: 'Imported' } }] };
      const res = await api.http().post('/api/v1/admin/config/import').set(as('admin')).send({ files: { ...files, 'forms/notes.json': changed } }).expect(200);
      expect(res.body.data.published).toEqual([{ kind: 'form', id: 'notes', version: notes.version + 1 }]);
      expect((await get('/forms/notes', 'worker1').expect(200)).body.data.jsonSchema.properties).toHaveProperty('notes_imported_e2e');
    });
  });
});
