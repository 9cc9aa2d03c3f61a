import type { ErrorDetail } from '@tutela/common';
import type { LocationTree } from '../locations/location-tree';
import { SUBFORM_ITEM_ID } from '../schema/form-schema.compiler';
import { isObject } from './calculations';
import type { ScopePlan } from './form-plan';
import { escapePointer, formMessage, messageLocale, type FormErrorCode, type MessageLocale } from './validation-messages';

// A date is "in the future" only once it is tomorrow in every time zone (UTC+14), so no client is refused for
// entering its own today; a date-time may run a few minutes ahead of the server clock.
const LATEST_OFFSET_MS = 14 * 3600_000;
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

type Scope = Readonly<Record<string, unknown>>;

// The latest "today" changes once a day; formatting it on every write would cost more than the check itself.
let cachedDay = Number.NaN;
let cachedToday = '';

/** Per-call state of a record validation: the clock, the locations, and the errors found so far. */
export class RecordCheckContext {
  readonly errors: ErrorDetail[] = [];
  private resolvedLocale?: MessageLocale;

  constructor(
    private readonly localeTag: string | undefined,
    readonly now: Date,
    readonly locations: LocationTree,
  ) {}

  get locale(): MessageLocale {
    this.resolvedLocale ??= messageLocale(this.localeTag);
    return this.resolvedLocale;
  }

  /** The latest calendar date anywhere on earth at `now`, as `YYYY-MM-DD`. */
  get today(): string {
    const day = Math.floor((this.now.getTime() + LATEST_OFFSET_MS) / DAY_MS);
    if (day !== cachedDay) {
      cachedToday = new Date(day * DAY_MS).toISOString().slice(0, 10);
      cachedDay = day;
    }
    return cachedToday;
  }

  fail(path: string, code: FormErrorCode, params?: Record<string, string>): void {
    this.errors.push({ path, code, message: formMessage(code, this.locale, params) });
  }

  unknownField(pointer: string, name: string): void {
    this.fail(`${pointer}/${escapePointer(name)}`, 'unknown_field');
  }
}

export function isFuture(value: unknown, type: string, ctx: RecordCheckContext): boolean {
  if (typeof value !== 'string') return false;
  if (type === 'date') return value > ctx.today;
  const instant = Date.parse(value);
  return !Number.isNaN(instant) && instant > ctx.now.getTime() + CLOCK_SKEW_MS;
}

export function checkLocation(code: unknown, levels: readonly number[] | undefined, pointer: string, name: string, ctx: RecordCheckContext): void {
  if (typeof code !== 'string') return;
  const node = ctx.locations.get(code);
  if (node && !node.disabled && (!levels || levels.includes(node.level))) return;
  const path = `${pointer}/${name}`;
  if (!node) ctx.fail(path, 'unknown_location');
  else if (node.disabled) ctx.fail(path, 'disabled_location');
  else ctx.fail(path, 'location_level', { levels: levels!.join(', ') });
}

export function checkDisabledOption(value: unknown, before: unknown, disabled: ReadonlySet<string>, path: string, ctx: RecordCheckContext): void {
  if (!Array.isArray(value)) {
    if (value !== before && disabled.has(value as string)) ctx.fail(path, 'disabled_option');
    return;
  }
  value.forEach((element, index) => {
    if (disabled.has(element) && !(Array.isArray(before) && before.includes(element))) ctx.fail(`${path}/${index}`, 'disabled_option');
  });
}

/**
 * The rules JSON Schema cannot hold, for submitted values only (stored data stays valid when configuration
 * changes): dates not in the future, disabled options, unknown or disabled locations and location levels (these
 * for values the stored record did not already hold), repeated subform item ids. `submitted` null means every
 * value of the scope was sent (a resent subform item).
 */
export function checkScope(
  plan: ScopePlan,
  scope: Scope,
  submitted: Scope | null,
  previous: Scope | undefined,
  pointer: string,
  ctx: RecordCheckContext,
): void {
  // A stored date was not in the future when it was stored and cannot have moved there since: new values only.
  for (const { name, type } of plan.notInFuture) {
    if ((submitted === null || submitted[name] !== undefined) && isFuture(scope[name], type, ctx)) ctx.fail(`${pointer}/${name}`, 'not_in_future');
  }
  for (const { name, disabled } of plan.disabledOptions) {
    if (submitted === null || submitted[name] !== undefined) checkDisabledOption(scope[name], previous?.[name], disabled, `${pointer}/${name}`, ctx);
  }
  for (const { name, adminLevels } of plan.locations) {
    const value = scope[name];
    if ((submitted === null || submitted[name] !== undefined) && value !== previous?.[name]) checkLocation(value, adminLevels, pointer, name, ctx);
  }
  checkSubforms(plan, scope, submitted, previous, pointer, ctx);
}

/** The subform part of checkScope: every item of the submitted subforms, against its stored version by id. */
export function checkSubforms(
  plan: ScopePlan,
  scope: Scope,
  submitted: Scope | null,
  previous: Scope | undefined,
  pointer: string,
  ctx: RecordCheckContext,
): void {
  for (const subform of plan.subforms) {
    const items = scope[subform.name];
    if ((submitted !== null && submitted[subform.name] === undefined) || !Array.isArray(items)) continue;
    const before = new Map<unknown, Scope>();
    const stored = previous?.[subform.name];
    if (Array.isArray(stored)) for (const item of stored) if (isObject(item)) before.set(item[SUBFORM_ITEM_ID], item);
    const seen = new Set<unknown>();
    items.forEach((item, index) => {
      if (!isObject(item)) return;
      const path = `${pointer}/${subform.name}/${index}`;
      const id = item[SUBFORM_ITEM_ID];
      if (seen.has(id)) ctx.fail(`${path}/${SUBFORM_ITEM_ID}`, 'duplicate_item_id');
      seen.add(id);
      checkScope(subform.scope, item, null, before.get(id), path, ctx);
    });
  }
}
