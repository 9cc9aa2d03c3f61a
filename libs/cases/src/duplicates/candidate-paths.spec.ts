import { SqlParams } from '../cases/sql-params';
import { CandidateQuery, PATH_LIMIT, areaOf, candidatePaths, yearKeys } from './candidate-paths';
import { DEFAULT_MATCHING_CONFIG } from './matching-config';

const query: CandidateQuery = {
  tokenCodes: [['AMNT'], ['TRR'], ['MN']],
  sex: 'female',
  birthYear: 2014,
  dateOfBirth: '2014-05-04',
  locationPath: 'ML.ML09.ML0901',
  caregiver: 'Mariam Traoré',
  identifiers: ['abc123'],
};

function paths(q: CandidateQuery) {
  const params = new SqlParams();
  return { sql: candidatePaths(q, DEFAULT_MATCHING_CONFIG, params), params: params.values };
}

describe('candidate retrieval paths', () => {
  it('is a bounded number of capped lookups: name pairs, one name near by place or birthday, caregiver, identifiers', () => {
    const { sql, params } = paths(query);
    // 3 pairs of names, one name + place, one name + birthday, caregiver, identifiers.
    expect(sql).toHaveLength(7);
    for (const branch of sql) expect(branch).toMatch(new RegExp(`LIMIT ${PATH_LIMIT}\\)$`));
    expect(params).toContainEqual(['AMNT|female|2013|ML.ML09.ML0901', 'TRR|female|2013|ML.ML09.ML0901', 'MN|female|2013|ML.ML09.ML0901', 'AMNT|female|2014|ML.ML09.ML0901', 'TRR|female|2014|ML.ML09.ML0901', 'MN|female|2014|ML.ML09.ML0901', 'AMNT|female|2015|ML.ML09.ML0901', 'TRR|female|2015|ML.ML09.ML0901', 'MN|female|2015|ML.ML09.ML0901']);
    expect(params).toContainEqual(['2012', '2013', '2014', '2015', '2016'].flatMap((year) => ['AMNT', 'TRR', 'MN'].map((code) => `${code}|female|${year}-05-04`)));
    const many = paths({ ...query, tokenCodes: [['A'], ['B'], ['C'], ['D'], ['E'], ['F']] }).sql;
    expect(many).toHaveLength(6 + 4);
  });

  it('looks names up with the sex and the birth-year window, reaching stored cases that lack either', () => {
    expect(yearKeys(['TRR'], 'female', [2013, 2014])).toEqual(['TRR|female|2013', 'TRR|female|2014', 'TRR|female|?', 'TRR|?|2013', 'TRR|?|2014', 'TRR|?|?']);
    const [pair] = paths(query).sql;
    expect(pair).toContain('tutela_match_keys(c.search_phonetic, c.sex, tutela_birth_year(c.data,');
  });

  it('marks the rows found by a common name alone, to be kept only under the parent of the registration\'s place', () => {
    expect(areaOf(query)).toBeNull();
    expect(paths(query).sql.filter((s) => s.includes('TRUE AS area_only'))).toEqual([]);
    const common = { ...query, commonName: true };
    expect(areaOf(common)).toBe('ML.ML09.');
    const { sql } = paths(common);
    // The three name pairs are marked; place, birthday, caregiver and identifier paths are what set namesakes apart.
    expect(sql.filter((s) => s.includes('TRUE AS area_only'))).toHaveLength(3);
    expect(sql.filter((s) => s.includes('FALSE AS area_only'))).toHaveLength(4);
    expect(areaOf({ ...common, locationPath: null })).toBeNull();
    expect(areaOf({ ...common, locationPath: 'ML' })).toBeNull();
  });

  it('falls back to the phonetic codes alone when the registration gives no sex or birth', () => {
    const { sql } = paths({ ...query, sex: null, birthYear: null, dateOfBirth: null });
    expect(sql.filter((s) => s.includes('tutela_match_keys'))).toEqual([]);
    expect(sql.filter((s) => s.includes('c.search_phonetic &&'))).toHaveLength(3);
    expect(sql.find((s) => s.includes('caregiver_name'))).not.toContain('c.sex');
  });
});
