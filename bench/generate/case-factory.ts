import { CaseRow } from './case-insert';
import { Lifecycle, WORKFLOW_STATES, registrationData, storedData } from './case-data';
import { LocationChoices } from './locations';
import { Mutation, Person, drawNearDuplicate, drawPerson } from './person';
import { Random } from './random';
import { Vocabulary } from './vocabulary';

export interface BenchOwner {
  id: string;
  agencyId: string;
}

export interface DuplicateTruth {
  case_id: string;
  original_id: string;
  mutations: Mutation[];
}

interface Original {
  id: string;
  person: Person;
  registeredAt: Date;
}

const DAY_MS = 86_400_000;
const SPAN_DAYS = 730;
/** Originals kept for later near-duplicates: enough variety, bounded memory at 1,000,000 cases. */
const POOL_SIZE = 20_000;
/** Relative time spent in each step before the next: services and follow-up take longest, closing is quick. */
const STEP_LENGTH = [0.6, 1, 1.5, 3, 2, 0.3];

/**
 * Builds one realistic case after another from a seeded generator. Case `index` gets a short id that no other index
 * gets (a bijection of the index), so a million rows load without a single unique-index retry.
 */
export class CaseFactory {
  private readonly originals: Original[] = [];
  private originalsSeen = 0;
  private readonly siblings = new Map<string | null, number[]>();
  private readonly locationIndices: number[];
  private readonly colleagues = new Map<string, BenchOwner[]>();

  constructor(
    private readonly rng: Random,
    private readonly vocabulary: Vocabulary,
    private readonly locations: LocationChoices,
    private readonly owners: readonly BenchOwner[],
    private readonly anchor: Date,
  ) {
    locations.assignable.forEach((l, i) => this.siblings.set(l.parentCode, [...(this.siblings.get(l.parentCode) ?? []), i]));
    this.locationIndices = locations.assignable.map((_, i) => i);
    for (const owner of owners) this.colleagues.set(owner.agencyId, [...(this.colleagues.get(owner.agencyId) ?? []), owner]);
  }

  /** A new child, or with `duplicate` a near-duplicate registration of an earlier one (when there is one). */
  next(index: number, duplicate: boolean): { row: CaseRow; truth?: DuplicateTruth } {
    const rng = this.rng;
    const source = duplicate && this.originals.length > 0 ? rng.pick(this.originals) : undefined;
    const registeredAt = source ? this.after(source.registeredAt) : this.registrationDate();
    let person: Person;
    let mutations: Mutation[] = [];
    if (source) {
      const from = source.person.locationIndex;
      const move = this.neighboursOf(from).length > 0 ? () => this.neighbour(from) : undefined;
      ({ person, mutations } = drawNearDuplicate(rng, source.person, registeredAt, move));
    } else {
      const nationality = rng.chance(0.88) ? 'mali' : rng.pick(this.vocabulary.lookups.nationality);
      person = drawPerson(rng, registeredAt, this.drawLocation(), nationality);
    }
    const shortId = shortIdOf(index);
    const id = rng.uuid();
    const row = this.buildRow(id, shortId, person, registeredAt);
    if (!source) this.remember({ id, person, registeredAt });
    return { row, truth: source && { case_id: id, original_id: source.id, mutations } };
  }

  private buildRow(id: string, shortId: string, person: Person, registeredAt: Date): CaseRow {
    const rng = this.rng;
    const location = this.locations.assignable[person.locationIndex];
    const relative = () => this.locations.assignable[this.nearby(person.locationIndex)].code;
    const registration = registrationData(rng, person, location.code, registeredAt, this.vocabulary, relative);
    const lifecycle = this.lifecycle(registeredAt);
    const { data, formVersions } = storedData(rng, registration, lifecycle, this.vocabulary);
    const owner = rng.pick(this.owners);
    const colleague = (this.colleagues.get(owner.agencyId) ?? []).filter((o) => o.id !== owner.id);
    const closed = lifecycle.state === 'closed';
    // What the service indexes (case-indexing.ts): the short id and the country's identifier fields.
    const identifiers = [shortId, ...this.vocabulary.identifierFields.map((f) => data[f]).filter((v): v is string => typeof v === 'string')];
    return {
      id,
      short_id: shortId,
      status: closed ? 'closed' : 'open',
      workflow_id: 'case_management',
      workflow_state: lifecycle.state,
      owner_id: owner.id,
      agency_id: owner.agencyId,
      group_ids: groupsFor(location.path, owner.agencyId),
      assigned_user_ids: colleague.length > 0 && rng.chance(0.1) ? [rng.pick(colleague).id] : [],
      location_code: location.code,
      location_path: location.path,
      risk_level: data.risk_level as string,
      sex: data.sex as string,
      age: typeof data.age === 'number' ? data.age : null,
      protection_concerns: data.protection_concerns as string[],
      data,
      form_versions: formVersions,
      names: [data.name_first, data.name_last, data.name_nickname].filter(Boolean).join(' '),
      search_identifiers: [...new Set(identifiers.map(normalizeIdentifier))],
      // One version per step reached, plus a few edits along the way.
      version: lifecycle.entered.length + rng.int(0, 3),
      created_by: colleague.length > 0 && rng.chance(0.2) ? rng.pick(colleague).id : owner.id,
      created_at: registeredAt.toISOString(),
      updated_at: lifecycle.updatedAt.toISOString(),
      closed_at: closed ? lifecycle.entered[6].toISOString() : null,
    };
  }

  /** Registrations grow over the two years (later months have more), as a service rolls out. */
  private registrationDate(): Date {
    const back = SPAN_DAYS * (1 - Math.sqrt(this.rng.next()));
    return new Date(this.anchor.getTime() - back * DAY_MS - this.rng.int(0, 86_399) * 1000);
  }

  private after(date: Date): Date {
    return new Date(date.getTime() + this.rng.next() * (this.anchor.getTime() - date.getTime()));
  }

  /**
   * Walks the case through the steps at its own pace; some stall (no follow-up for months, as in real caseloads),
   * so old cases are mostly but not all closed and recent ones are in the first steps.
   */
  private lifecycle(registeredAt: Date): Lifecycle {
    const rng = this.rng;
    const paceDays = rng.int(7, 75);
    const entered = [registeredAt];
    while (entered.length < WORKFLOW_STATES.length) {
      const stepDays = paceDays * STEP_LENGTH[entered.length - 1] * (0.5 + rng.next());
      const next = new Date(entered[entered.length - 1].getTime() + stepDays * DAY_MS);
      if (next > this.anchor || rng.chance(0.06)) break;
      entered.push(next);
    }
    const last = entered[entered.length - 1];
    const state = WORKFLOW_STATES[entered.length - 1];
    const updatedAt = state === 'closed' ? last : new Date(last.getTime() + rng.next() * 0.5 * (this.anchor.getTime() - last.getTime()));
    return { state, entered, updatedAt };
  }

  private drawLocation(): number {
    return this.rng.weighted(this.locationIndices, this.locations.weights);
  }

  /** The same place or, one time in three, another place under the same parent (a relative living nearby). */
  private nearby(index: number): number {
    return this.rng.chance(0.67) ? index : this.neighbour(index);
  }

  /** Another place under the same parent (a family that moved to the next commune), if there is one. */
  private neighbour(index: number): number {
    const others = this.neighboursOf(index);
    return others.length > 0 ? this.rng.pick(others) : index;
  }

  private neighboursOf(index: number): number[] {
    return (this.siblings.get(this.locations.assignable[index].parentCode) ?? []).filter((i) => i !== index);
  }

  /** Reservoir sampling: every original has the same chance to be the one a duplicate copies. */
  private remember(original: Original): void {
    this.originalsSeen += 1;
    if (this.originals.length < POOL_SIZE) this.originals.push(original);
    else {
      const slot = this.rng.int(0, this.originalsSeen - 1);
      if (slot < POOL_SIZE) this.originals[slot] = original;
    }
  }
}

/** The service's short-id alphabet (libs/cases/src/cases/short-id.ts): no 0/o, 1/i/l, read aloud over the phone. */
const SHORT_ID_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const SHORT_ID_SPACE = 31 ** 7;
// index -> (index × M + K) mod 31^7 is a bijection when M is prime to 31; M < 2^21 keeps index × M exact in a double
// for any index below 2^31 (BigInt would cost 4 µs a call, too much for a million rows).
const SHORT_ID_MULTIPLIER = 1_999_993;
const SHORT_ID_OFFSET = 9_876_543_210;

/**
 * 7 characters of the service's alphabet, distinct for every index below 2^31. Digits are written least
 * significant first (another bijection), so consecutive cases do not share a prefix.
 */
export function shortIdOf(index: number): string {
  let x = (index * SHORT_ID_MULTIPLIER + SHORT_ID_OFFSET) % SHORT_ID_SPACE;
  let out = '';
  for (let i = 0; i < 7; i++) {
    out += SHORT_ID_ALPHABET[x % 31];
    x = Math.floor(x / 31);
  }
  return out;
}

/** As the service normalizes identifiers (normalizeIdentifier in libs/cases/src/cases/case-indexing.ts). */
export const normalizeIdentifier = (value: string): string => value.trim().toLowerCase().replace(/[\s-]+/g, '');

/** The demo pack's user groups (form-definitions/mli/user-groups.json) work in Bamako and Mopti. */
function groupsFor(path: string, agencyId: string): string[] {
  const labels = path.split('.');
  if (labels.includes('ML09')) return [agencyId === 'ngo_partner' ? 'ngo_bamako_team' : 'bamako_cp_team'];
  if (labels.includes('ML05')) return ['mopti_cp_team'];
  return [];
}
