import { Injectable } from '@nestjs/common';
import { caseAccessToSql } from '@tutela/access';
import { Actor, ErrorDetail, TutelaError } from '@tutela/common';
import { ConfigurationService } from '../configuration/configuration.service';
import { AccessContext, AccessContextService } from '../cases/access-context.service';
import { CaseAccessLog } from '../cases/case-access-log.service';
import { CaseService } from '../cases/case.service';
import { CaseView } from '../cases/case.types';
import { toCaseView } from '../cases/case-view';
import { DuplicateMatcher, ScoredCandidate } from './duplicate-matcher.service';
import { MatchingConfig } from './matching-config';
import { FieldMatch, Likelihood } from './match-scorer';

export interface DuplicateCandidateView {
  caseId: string;
  shortId: string;
  score: number;
  likelihood: Likelihood;
  /** How each field matched (no values); fields the actor may not read on that case are left out. */
  matched: FieldMatch[];
  case: Pick<CaseView, 'id' | 'shortId' | 'agencyId' | 'ownerId' | 'status' | 'workflow' | 'data'>;
}

export interface DuplicateCheckResult {
  data: DuplicateCandidateView[];
  meta: {
    thresholds: { likely: number; possible: number };
    /** Potential duplicates the actor may not see: how many and in which agencies, nothing about the child. */
    outsideScope: { count: number; agencies: string[] } | null;
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 200;

/**
 * Duplicate checks for people: before registering (`check`, from form data) and for a stored case (`forCase`). Only
 * candidates the actor may read are shown, with readable summary fields; the others are counted per agency so a
 * supervisor can coordinate without anyone seeing a child outside their scope.
 */
@Injectable()
export class DuplicateCheckService {
  constructor(
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly cases: CaseService,
    private readonly matcher: DuplicateMatcher,
    private readonly accessLog: CaseAccessLog,
  ) {}

  async check(actor: Actor, data: Record<string, unknown>): Promise<DuplicateCheckResult> {
    const ctx = await this.access.forActor(actor);
    if (!ctx.ability.can('read', 'Case')) throw TutelaError.forbidden('Your role may not search case records');
    const config = this.matcher.config();
    const locationPath = this.validate(data, config);
    const found = await this.matcher.find({ data, locationPath }, this.visibility(ctx));
    return this.present(ctx, found, config);
  }

  async forCase(actor: Actor, caseId: string): Promise<DuplicateCheckResult> {
    const ctx = await this.access.forActor(actor);
    const record = await this.cases.load(ctx, caseId, 'read');
    const found = await this.matcher.find({ data: record.data, locationPath: (record as { locationPath?: string | null }).locationPath ?? null, selfId: caseId }, this.visibility(ctx));
    this.accessLog.record(actor, caseId, 'read_duplicates');
    return this.present(ctx, found, this.matcher.config());
  }

  private visibility(ctx: AccessContext) {
    return (offset: number) => caseAccessToSql(ctx.ability, 'read', { paramOffset: offset, tableAlias: 'c' });
  }

  private present(ctx: AccessContext, found: ScoredCandidate[], config: MatchingConfig): DuplicateCheckResult {
    const visible = found.filter((c) => c.row.visible).slice(0, config.maxResults);
    const hidden = found.filter((c) => !c.row.visible);
    const summary = new Set([...config.fields.names.fields, ...config.fields.names.nicknameFields, ...this.summaryFields(config)]);
    const data = visible.map(({ row, match }) => {
      const fields = this.access.fieldsForCase(ctx, row);
      const view = toCaseView(row, fields, summary);
      this.accessLog.record(ctx.actor, row.id, 'read_duplicate_candidate');
      return {
        caseId: row.id,
        shortId: row.shortId,
        score: match.score,
        likelihood: match.likelihood,
        matched: match.fields.filter((m) => this.sourceFields(m.field, config).some((name) => fields.canRead(name))),
        case: { id: view.id, shortId: view.shortId, agencyId: view.agencyId, ownerId: view.ownerId, status: view.status, workflow: view.workflow, data: view.data },
      };
    });
    // Telling someone a child exists elsewhere is a disclosure too: the hidden cases' access logs record who learnt it.
    for (const c of hidden) this.accessLog.record(ctx.actor, c.row.id, 'duplicate_outside_scope');
    const agencies = [...new Set(hidden.map((c) => c.row.agencyId))].sort();
    return {
      data,
      meta: { thresholds: config.thresholds, outsideScope: hidden.length ? { count: hidden.length, agencies } : null },
    };
  }

  private summaryFields(config: MatchingConfig): string[] {
    const f = config.fields;
    return [f.sex?.field, f.birth?.dateField, f.birth?.ageField, f.location?.field, ...(f.caregiver?.fields ?? [])].filter((x): x is string => Boolean(x));
  }

  private sourceFields(field: FieldMatch['field'], config: MatchingConfig): string[] {
    const f = config.fields;
    switch (field) {
      case 'names':
        return [...f.names.fields, ...f.names.nicknameFields];
      case 'sex':
        return f.sex ? [f.sex.field] : [];
      case 'birth':
        return f.birth ? [f.birth.dateField, f.birth.ageField] : [];
      case 'caregiver':
        return f.caregiver?.fields ?? [];
      case 'location':
        return f.location ? [f.location.field] : [];
      case 'identifiers':
        return f.identifiers?.fields ?? [];
    }
  }

  /** Checks the matchable fields of a registration (others are ignored); returns the location's path. */
  private validate(data: Record<string, unknown>, config: MatchingConfig): string | null {
    const f = config.fields;
    const errors: ErrorDetail[] = [];
    const fail = (field: string, code: string, message: string) => errors.push({ path: `/data/${field}`, code, message });
    const texts = [...f.names.fields, ...f.names.nicknameFields, ...(f.caregiver?.fields ?? []), ...(f.identifiers?.fields ?? []), ...(f.sex ? [f.sex.field] : [])];
    for (const field of texts) {
      const value = data[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string') fail(field, 'type', 'expected a string');
      else if (value.length > MAX_TEXT) fail(field, 'maxLength', `expected at most ${MAX_TEXT} characters`);
    }
    if (f.birth) {
      const date = data[f.birth.dateField];
      if (date !== undefined && date !== null && (typeof date !== 'string' || !DATE.test(date) || Number.isNaN(Date.parse(date)))) fail(f.birth.dateField, 'format', 'expected a date (YYYY-MM-DD)');
      const age = data[f.birth.ageField];
      if (age !== undefined && age !== null && (typeof age !== 'number' || !Number.isInteger(age) || age < 0 || age > 130)) fail(f.birth.ageField, 'type', 'expected an integer between 0 and 130');
      const reference = data[f.birth.referenceDateField];
      if (reference !== undefined && reference !== null && (typeof reference !== 'string' || !DATE.test(reference))) fail(f.birth.referenceDateField, 'format', 'expected a date (YYYY-MM-DD)');
    }
    let locationPath: string | null = null;
    const location = f.location ? data[f.location.field] : undefined;
    if (f.location && location !== undefined && location !== null) {
      locationPath = typeof location === 'string' ? (this.configuration.snapshot().forms.locationPath(location) ?? null) : null;
      if (!locationPath) fail(f.location.field, 'unknown_location', 'expected a location code of the country');
    }
    const named = [...f.names.fields, ...f.names.nicknameFields, ...(f.identifiers?.fields ?? [])].some((field) => typeof data[field] === 'string' && /\p{L}|\d/u.test(data[field] as string));
    if (!named && errors.length === 0) fail(f.names.fields[0], 'required', 'a duplicate check needs at least a name or an identifier');
    if (errors.length) throw TutelaError.validation(errors);
    return locationPath;
  }
}
