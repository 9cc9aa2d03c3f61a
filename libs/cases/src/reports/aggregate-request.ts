import { ErrorDetail, TutelaError } from '@tutela/common';
import { DIMENSIONS, METRICS, dimensionAppliesTo } from './aggregate-dimensions';

export interface AggregateRequest {
  metric: string;
  groupBy: string[];
  /** Admin level of `location` groups (0 = country). */
  level: number;
  /** The remaining parameters: GET /cases list filters. */
  filters: Record<string, unknown>;
}

export const MAX_GROUP_BY = 2;
const OWN_KEYS = new Set(['metric', 'groupBy', 'level']);
/**
 * List parameters that make no sense for counts (paging, sorting, projection) or would let a statistics query probe
 * for one named child (text and phonetic search).
 */
const REJECTED_LIST_KEYS = ['q', 'phonetic', 'sort', 'page', 'per', 'cursor', 'fields'];

/** Parses `metric`, `groupBy` (comma-separated, at most two) and `level`; everything else is left as list filters. */
export function parseAggregateRequest(raw: Record<string, unknown>): AggregateRequest {
  const errors: ErrorDetail[] = [];
  const fail = (param: string, message: string) => errors.push({ path: `/query/${param}`, code: 'invalid', message });
  const metric = raw.metric === undefined || raw.metric === '' ? 'cases' : String(raw.metric);
  if (!METRICS[metric]) fail('metric', `expected one of ${Object.keys(METRICS).join(', ')}`);
  const groupBy = (Array.isArray(raw.groupBy) ? raw.groupBy : [raw.groupBy ?? ''])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (groupBy.length > MAX_GROUP_BY) fail('groupBy', `at most ${MAX_GROUP_BY} dimensions`);
  if (new Set(groupBy).size !== groupBy.length) fail('groupBy', 'a dimension is repeated');
  for (const name of groupBy) {
    const dimension = DIMENSIONS[name];
    if (!dimension) fail('groupBy', `unknown dimension "${name}"; expected one of ${Object.keys(DIMENSIONS).join(', ')}`);
    else if (METRICS[metric] && !dimensionAppliesTo(dimension, metric)) fail('groupBy', `"${name}" does not apply to the metric ${metric}`);
  }
  let level = 1;
  if (raw.level !== undefined && raw.level !== '') {
    level = Number(raw.level);
    if (!Number.isInteger(level) || level < 0 || level > 10) fail('level', 'expected an integer between 0 and 10');
  }
  const filters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (OWN_KEYS.has(key)) continue;
    if (REJECTED_LIST_KEYS.includes(key)) fail(key, 'not available for statistics');
    else filters[key] = value;
  }
  if (METRICS[metric] && !METRICS[metric].caseScoped && Object.keys(filters).some((k) => k !== 'locale')) {
    fail(Object.keys(filters)[0], `case filters do not apply to the metric ${metric}`);
  }
  if (errors.length) throw TutelaError.badRequest('Invalid aggregate parameters', errors);
  return { metric, groupBy, level, filters };
}
