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
 * gets (a bijection of the index), and the UUID ends with it, as Primero derives short ids from ids.
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
      ({ person, mutations } = drawNearDuplicate(rng, source.person, registeredAt, () => this.nearby(source.person.locationIndex)));
    } else {
      const nationality = rng.chance(0.88) ? 'mali' : rng.pick(this.vocabulary.lookups.nationality);
      person = drawPerson(rng, registeredAt, this.drawLocation(), nationality);
    }
    const shortId = shortIdOf(index);
    const id = `${rng.uuid().slice(0, -7)}${shortId}`;
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
    const identifiers = [id, shortId, ...this.vocabulary.identifierFields.map((f) => data[f]).filter((v): v is string => typeof v === 'string')];
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
      search_identifiers: identifiers.map(normalizeIdentifier),
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

  /** The same place or, one time in three, another place under the same parent (a family that moved nearby). */
  private nearby(index: number): number {
    const siblings = this.siblings.get(this.locations.assignable[index].parentCode) ?? [index];
    return this.rng.chance(0.67) ? index : this.rng.pick(siblings);
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

/** 7 lowercase hex characters, distinct for every index below 2^28 (an invertible mix of the index). */
export function shortIdOf(index: number): string {
  let x = (index + 0x5bd1e99) & 0xfffffff;
  x = Math.imul(x, 0x2c1b3c6d) & 0xfffffff;
  x ^= x >>> 13;
  x = Math.imul(x, 0x297a2d39) & 0xfffffff;
  x ^= x >>> 15;
  return x.toString(16).padStart(7, '0');
}

/** Identifiers are matched case- and space-insensitively: `q=ab 12` finds `AB12`. */
export const normalizeIdentifier = (value: string): string => value.toLowerCase().replace(/\s+/g, '');

/** The demo pack's user groups (form-definitions/mli/user-groups.json) work in Bamako and Mopti. */
function groupsFor(path: string, agencyId: string): string[] {
  const labels = path.split('.');
  if (labels.includes('ML09')) return [agencyId === 'ngo_partner' ? 'ngo_bamako_team' : 'bamako_cp_team'];
  if (labels.includes('ML05')) return ['mopti_cp_team'];
  return [];
}
