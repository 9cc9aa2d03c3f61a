import type { TutelaAbility } from './ability.factory';
import { CASE_ACCESS_COLUMNS, caseAccessTree, type AccessTree } from './case-access.tree';
import type { CaseRecordAction } from './permission.catalog';

export interface CaseAccessSqlOptions {
  /** Number of the first placeholder (`$n`), so the fragment can follow the caller's own parameters. Default 1. */
  paramOffset?: number;
  /** Table alias to qualify columns with (e.g. `c` for `c.owner_id`). */
  tableAlias?: string;
}

export interface SqlFragment {
  /** A parenthesised boolean expression, or `TRUE` / `FALSE`; values appear only as `$n` placeholders. */
  sql: string;
  params: unknown[];
  /** The placeholder number the caller should use next. */
  nextParamIndex: number;
}

const ALIAS_PATTERN = /^[a-z_][a-z0-9_]*$/i;

/**
 * WHERE fragment selecting the cases on which the actor may perform `action` (use `read` for lists and search,
 * `view_stats` for dashboards and aggregates, `export` for exports). Every placeholder gets its own parameter, even a
 * repeated user id: PostgreSQL infers one type per placeholder, and a uuid column and a text column must not share one.
 */
export function caseAccessToSql(
  ability: TutelaAbility,
  action: CaseRecordAction,
  options: CaseAccessSqlOptions = {},
): SqlFragment {
  const offset = options.paramOffset ?? 1;
  if (!Number.isInteger(offset) || offset < 1) throw new Error('paramOffset must be a positive integer');
  if (options.tableAlias !== undefined && !ALIAS_PATTERN.test(options.tableAlias)) throw new Error('Invalid table alias');
  const params: unknown[] = [];
  const placeholder = (value: unknown): string => {
    params.push(value);
    return `$${offset + params.length - 1}`;
  };
  const prefix = options.tableAlias ? `${options.tableAlias}.` : '';
  const sql = render(caseAccessTree(ability, action), prefix, placeholder);
  return { sql, params, nextParamIndex: offset + params.length };
}

function render(tree: AccessTree, prefix: string, placeholder: (value: unknown) => string): string {
  switch (tree.kind) {
    case 'true':
      return 'TRUE';
    case 'false':
      return 'FALSE';
    case 'not':
      return `(NOT ${render(tree.child, prefix, placeholder)})`;
    case 'and':
    case 'or': {
      if (tree.children.length === 0) return tree.kind === 'and' ? 'TRUE' : 'FALSE';
      const parts = tree.children.map((child) => render(child, prefix, placeholder));
      return `(${parts.join(tree.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'predicate':
      return renderPredicate(tree, prefix, placeholder);
  }
}

function renderPredicate(
  tree: Extract<AccessTree, { kind: 'predicate' }>,
  prefix: string,
  placeholder: (value: unknown) => string,
): string {
  const spec = CASE_ACCESS_COLUMNS[tree.field];
  const column = `${prefix}${spec.column}`;
  const value = placeholder(tree.value);
  let sql: string;
  if (tree.operator === 'under') sql = `${column} <@ ${value}::ltree`;
  // Containment and overlap use @> and && (not = ANY) so the GIN indexes on the array columns serve them.
  else if (spec.array) sql = tree.operator === 'eq' ? `${column} @> ARRAY[${value}::${spec.type}]` : `${column} && ${value}::${spec.type}[]`;
  else sql = tree.operator === 'eq' ? `${column} = ${value}::${spec.type}` : `${column} = ANY(${value}::${spec.type}[])`;
  // SQL NULL would make NOT (...) unknown and drop the row where CASL says "does not match, so not denied".
  return spec.nullable ? `(${column} IS NOT NULL AND ${sql})` : `(${sql})`;
}
