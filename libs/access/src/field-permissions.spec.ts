import type { FieldCatalogEntry } from './field-catalog.types';
import { fieldPermissionsFor } from './field-permissions.factory';
import { role } from './testing/access.fixtures';

const CATALOG: FieldCatalogEntry[] = [
  { name: 'name_first', formId: 'basic_identity', sensitive: false },
  { name: 'sex', formId: 'basic_identity', sensitive: false },
  { name: 'risk_level', formId: 'assessment', sensitive: false },
  { name: 'hiv_status', formId: 'assessment', sensitive: true },
  { name: 'caregiver_name', formId: 'family', sensitive: false },
  {
    name: 'services',
    formId: 'services',
    sensitive: false,
    subformFields: [
      { name: 'service_type', formId: 'services', sensitive: false },
      { name: 'survivor_note', formId: 'services', sensitive: true },
      {
        name: 'sessions',
        formId: 'services',
        sensitive: false,
        subformFields: [
          { name: 'date', formId: 'services', sensitive: false },
          { name: 'counsellor_note', formId: 'services', sensitive: true },
        ],
      },
    ],
  },
];
const FORMS = { '*': 'read', basic_identity: 'write', services: 'write', family: 'none' } as const;
const permissions = (options: Parameters<typeof fieldPermissionsFor>[2] = {}, forms: Record<string, 'read' | 'write' | 'none'> = FORMS) =>
  fieldPermissionsFor(role({ forms }), CATALOG, options);

describe('fieldPermissionsFor', () => {
  describe('sharing', () => {
    it('gives the same rules object for the same role, catalog and flags when no grant is involved', () => {
      const writer = role({ forms: FORMS });
      expect(fieldPermissionsFor(writer, CATALOG, { readSensitive: true })).toBe(fieldPermissionsFor(writer, CATALOG, { readSensitive: true }));
      expect(fieldPermissionsFor(writer, CATALOG)).not.toBe(fieldPermissionsFor(writer, CATALOG, { readSensitive: true }));
      expect(fieldPermissionsFor(writer, CATALOG)).not.toBe(fieldPermissionsFor(writer, CATALOG, { readOnly: true }));
      expect(fieldPermissionsFor(writer, CATALOG)).not.toBe(fieldPermissionsFor(role({ forms: FORMS }), CATALOG));
    });

    it('resolves the rules afresh when a grant narrows them', () => {
      const writer = role({ forms: FORMS });
      const grant = { caseId: 'c1', kind: 'referral' as const, forms: ['basic_identity'] };
      const granted = fieldPermissionsFor(writer, CATALOG, { grant });
      expect(granted).not.toBe(fieldPermissionsFor(writer, CATALOG, { grant }));
      expect([granted.canRead('name_first'), granted.canRead('risk_level')]).toEqual([true, false]);
      expect(fieldPermissionsFor(writer, CATALOG).canRead('risk_level')).toBe(true);
    });
  });

  describe('canRead / canWrite', () => {
    const fields = permissions();

    it('takes a form entry over "*", and "none" hides a form "*" would grant', () => {
      expect([fields.canRead('name_first'), fields.canWrite('name_first')]).toEqual([true, true]);
      expect([fields.canRead('risk_level'), fields.canWrite('risk_level')]).toEqual([true, false]);
      expect([fields.canRead('caregiver_name'), fields.canWrite('caregiver_name')]).toEqual([false, false]);
    });

    it('hides sensitive fields, at any depth, without readSensitive', () => {
      expect(fields.canRead('hiv_status')).toBe(false);
      expect(fields.canRead('services.survivor_note')).toBe(false);
      expect(fields.canWrite('services.survivor_note')).toBe(false);
      expect(fields.canRead('services.sessions.counsellor_note')).toBe(false);
      expect(fields.canWrite('services.sessions.date')).toBe(true);
      const sensitive = permissions({ readSensitive: true });
      expect(sensitive.canRead('hiv_status')).toBe(true);
      expect(sensitive.canWrite('hiv_status')).toBe(false);
      expect(sensitive.canWrite('services.sessions.counsellor_note')).toBe(true);
    });

    it('answers false for fields the catalog does not know', () => {
      expect(fields.canRead('shoe_size')).toBe(false);
      expect(fields.canRead('services.shoe_size')).toBe(false);
      expect(fields.canRead('name_first.child')).toBe(false);
    });

    it('makes nothing writable when read-only', () => {
      const readOnly = permissions({ readOnly: true, readSensitive: true });
      expect(readOnly.writableFields()).toEqual([]);
      expect(readOnly.readableFields()).toEqual(['name_first', 'sex', 'risk_level', 'hiv_status', 'services']);
    });

    it('narrows to the forms of a grant', () => {
      const referred = permissions({ grant: { caseId: 'c', kind: 'referral', forms: ['basic_identity', 'family'] } });
      expect(referred.readableFields()).toEqual(['name_first', 'sex']);
      for (const forms of ['*', undefined] as const) {
        expect(permissions({ grant: { caseId: 'c', kind: 'referral', forms } }).readableFields()).toEqual(permissions().readableFields());
      }
      expect(permissions({ grant: { caseId: 'c', kind: 'referral', forms: [] } }).readableFields()).toEqual([]);
    });

    it('grants nothing for a disabled role', () => {
      expect(fieldPermissionsFor(role({ forms: FORMS, flags: { disabled: true } }), CATALOG).readableFields()).toEqual([]);
    });

    it('does not resolve form ids through Object.prototype', () => {
      const tricky: FieldCatalogEntry[] = [
        { name: 'a', formId: 'constructor', sensitive: false },
        { name: 'b', formId: '__proto__', sensitive: false },
        { name: 'c', formId: 'toString', sensitive: false },
      ];
      expect(fieldPermissionsFor(role({ forms: { basic_identity: 'write' } }), tricky).readableFields()).toEqual([]);
    });

    it('merges a field listed by several forms: strongest access, sensitive if any listing says so', () => {
      const shared: FieldCatalogEntry[] = [
        { name: 'consent', formId: 'assessment', sensitive: false },
        { name: 'consent', formId: 'basic_identity', sensitive: false },
        { name: 'notes', formId: 'basic_identity', sensitive: false },
        { name: 'notes', formId: 'assessment', sensitive: true },
      ];
      const fields = fieldPermissionsFor(role({ forms: FORMS }), shared);
      expect([fields.canRead('consent'), fields.canWrite('consent')]).toEqual([true, true]);
      expect(fields.canRead('notes')).toBe(false);
    });
  });

  describe('stripUnreadable', () => {
    const stored = {
      name_first: 'Awa',
      hiv_status: 'positive',
      caregiver_name: 'Fatoumata',
      legacy_field: 'from an old form version',
      services: [
        { unique_id: 's1', service_type: 'health', survivor_note: 'secret', sessions: [{ unique_id: 'x1', date: '2026-01-02', counsellor_note: 'secret' }] },
        'not-an-object',
      ],
    };

    it('drops unreadable and unknown fields, inside subform items too, and keeps item ids', () => {
      expect(permissions().stripUnreadable(stored)).toEqual({
        name_first: 'Awa',
        services: [{ unique_id: 's1', service_type: 'health', sessions: [{ unique_id: 'x1', date: '2026-01-02' }] }, 'not-an-object'],
      });
    });

    it('keeps sensitive values for those who may read them, and never mutates the input', () => {
      const copy = structuredClone(stored);
      const visible = permissions({ readSensitive: true }).stripUnreadable(stored);
      expect(visible.hiv_status).toBe('positive');
      expect((visible.services as any[])[0].sessions[0].counsellor_note).toBe('secret');
      expect(stored).toEqual(copy);
    });
  });

  describe('unwritable', () => {
    it('lists every offending JSON pointer, subform items included', () => {
      const patch = {
        name_first: 'Awa',
        risk_level: 'high',
        hiv_status: 'negative',
        caregiver_name: 'x',
        unknown_field: 1,
        services: [
          { unique_id: 's1', service_type: 'health', survivor_note: 'x' },
          { service_type: 'education', sessions: [{ date: '2026-01-03', counsellor_note: 'x', bogus: 1 }] },
        ],
      };
      expect(permissions().unwritable(patch)).toEqual([
        '/data/risk_level',
        '/data/hiv_status',
        '/data/caregiver_name',
        '/data/unknown_field',
        '/data/services/0/survivor_note',
        '/data/services/1/sessions/0/counsellor_note',
        '/data/services/1/sessions/0/bogus',
      ]);
    });

    it('is empty for an allowed patch, and reports a whole unwritable subform once', () => {
      expect(permissions().unwritable({ name_first: 'Awa', services: [{ unique_id: 's1', service_type: 'health' }] })).toEqual([]);
      expect(permissions({ readOnly: true }).unwritable({ services: [{ service_type: 'health' }] })).toEqual(['/data/services']);
    });

    it('escapes field names per RFC 6901', () => {
      expect(permissions().unwritable({ 'a/b': 1, 'c~d': 2 })).toEqual(['/data/a~1b', '/data/c~0d']);
    });
  });

  describe('filterDiff', () => {
    it('keeps readable fields and strips subform values inside from/to', () => {
      const diff = {
        name_first: { from: 'Awa', to: 'Aïcha' },
        hiv_status: { from: null, to: 'positive' },
        caregiver_name: { from: 'a', to: 'b' },
        services: { from: [], to: [{ unique_id: 's1', service_type: 'health', survivor_note: 'secret' }] },
        'services/0/survivor_note': { from: null, to: 'secret' },
        'services.0.service_type': { from: null, to: 'health' },
      };
      expect(permissions().filterDiff(diff)).toEqual({
        name_first: { from: 'Awa', to: 'Aïcha' },
        services: { from: [], to: [{ unique_id: 's1', service_type: 'health' }] },
        'services.0.service_type': { from: null, to: 'health' },
      });
    });
  });

  describe('restoreUnreadable', () => {
    it('puts hidden child values back into the items the actor kept, by item id', () => {
      const stored = {
        services: [
          { unique_id: 's1', service_type: 'health', survivor_note: 'secret', sessions: [{ unique_id: 'x1', date: 'd1', counsellor_note: 'n1' }] },
          { unique_id: 's2', service_type: 'legal', survivor_note: 'secret 2' },
        ],
      };
      const fields = permissions();
      const patch = {
        name_first: 'Awa',
        services: [
          { unique_id: 's1', service_type: 'psychosocial', sessions: [{ unique_id: 'x1', date: 'd2' }, { date: 'd3' }] },
          { service_type: 'education' },
        ],
      };
      expect(fields.restoreUnreadable(stored, patch)).toEqual({
        name_first: 'Awa',
        services: [
          { unique_id: 's1', service_type: 'psychosocial', survivor_note: 'secret', sessions: [{ unique_id: 'x1', date: 'd2', counsellor_note: 'n1' }, { date: 'd3' }] },
          { service_type: 'education' },
        ],
      });
    });

    it('leaves a patch alone when everything is readable', () => {
      const stored = { services: [{ unique_id: 's1', survivor_note: 'secret' }] };
      const patch = { services: [{ unique_id: 's1', service_type: 'health' }] };
      expect(permissions({ readSensitive: true }).restoreUnreadable(stored, patch)).toEqual(patch);
    });
  });
});
