import { TutelaError } from '@tutela/common';
import type { FieldCatalogEntry } from '@tutela/forms';
import { caseListConditions, parseCaseListQuery } from './case-list.query';
import { SqlParams } from './sql-params';

const catalog = [
  { name: 'sex', formId: 'basic_identity', type: 'select', sensitive: false, matchable: true, filterable: true },
  { name: 'disability_type', formId: 'basic_identity', type: 'select', sensitive: true, matchable: false, filterable: true },
  { name: 'name_first', formId: 'basic_identity', type: 'text', sensitive: false, matchable: true, filterable: false },
] as FieldCatalogEntry[];
const readAll = () => true;

function errorOf(fn: () => unknown): TutelaError {
  try {
    fn();
  } catch (error) {
    return error as TutelaError;
  }
  throw new Error('expected an error');
}

describe('parseCaseListQuery', () => {
  it('applies defaults: page 1, 20 per page, newest updated first', () => {
    expect(parseCaseListQuery({}, catalog, readAll)).toMatchObject({ page: 1, per: 20, mode: 'page', sort: { column: 'updated_at', direction: 'desc' } });
  });

  it('sorts a text search by relevance unless asked otherwise, and refuses cursors on relevance', () => {
    expect(parseCaseListQuery({ q: 'awa' }, catalog, readAll).sort).toBe('relevance');
    expect(errorOf(() => parseCaseListQuery({ q: 'awa', cursor: '' }, catalog, readAll)).details[0].path).toBe('/query/cursor');
  });

  it('lists every bad parameter with its path', () => {
    const error = errorOf(() => parseCaseListQuery({ per: '900', sort: 'name', colour: 'red', createdFrom: 'yesterday', ownerId: 'bob', name_first: 'x' }, catalog, readAll));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.details.map((d) => d.path).sort()).toEqual(['/query/colour', '/query/createdFrom', '/query/name_first', '/query/ownerId', '/query/per', '/query/sort']);
  });

  it('filters on a filterable field only when the role may read it', () => {
    expect(parseCaseListQuery({ sex: 'female,male' }, catalog, readAll).dataFilters).toEqual([{ field: 'sex', values: ['female', 'male'] }]);
    expect(errorOf(() => parseCaseListQuery({ disability_type: 'visual' }, catalog, (f) => f !== 'disability_type')).code).toBe('FORBIDDEN');
  });
});

describe('caseListConditions', () => {
  it('turns filters into parameterized SQL, never interpolating values', () => {
    const params = new SqlParams();
    const query = parseCaseListQuery({ state: 'assessment', riskLevel: 'high,medium', location: 'ML09', q: "O'Neil Traoré" }, catalog, readAll);
    const where = caseListConditions(query, params, (code) => (code === 'ML09' ? 'ML.ML09' : undefined));
    expect(where.join(' AND ')).not.toContain("O'Neil");
    expect(where).toEqual(expect.arrayContaining(['NOT c.disabled', 'c.workflow_state = $1::text', 'c.risk_level = ANY($2::text[])', 'c.location_path <@ $3::ltree']));
    expect(params.values.slice(0, 3)).toEqual(['assessment', ['high', 'medium'], 'ML.ML09']);
  });

  it('rejects an unknown location with 400', () => {
    const query = parseCaseListQuery({ location: 'XX' }, catalog, readAll);
    expect(errorOf(() => caseListConditions(query, new SqlParams(), () => undefined)).details[0]).toMatchObject({ path: '/query/location', code: 'unknown_location' });
  });
});
