import { Injectable } from '@nestjs/common';
import { caseSubject } from '@tutela/access';
import { Actor, TutelaError } from '@tutela/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { DEFAULT_CONSENT_FIELD } from '@tutela/workflow';
import { randomUUID } from 'node:crypto';
import { AccessContextService } from '../cases/access-context.service';
import { CaseRepository } from '../cases/case.repository';
import { CaseService } from '../cases/case.service';
import { CaseRecord } from '../cases/case.types';
import { ConfigurationService } from '../configuration/configuration.service';
import { WorkflowRepository } from './workflow.repository';

export type TransferKind = 'referral' | 'transfer';
export type TransferStatus = 'in_progress' | 'accepted' | 'rejected' | 'done' | 'revoked';

export interface TransferView {
  id: string;
  caseId: string;
  kind: TransferKind;
  status: TransferStatus;
  fromUserId: string;
  toUserId: string | null;
  toAgencyId: string | null;
  service: string | null;
  forms: string[] | null;
  note: string | null;
  reason: string | null;
  consentOverridden: boolean;
  createdAt: string;
  respondedAt: string | null;
}

export interface NewTransfer {
  toUserId?: string;
  toAgencyId?: string;
  service?: string;
  note?: string;
  forms?: string[];
}

const COLUMNS = `id, case_id AS "caseId", kind, status, from_user_id AS "fromUserId", to_user_id AS "toUserId",
  to_agency_id AS "toAgencyId", service, forms, note, reason, consent_overridden AS "consentOverridden",
  created_at AS "createdAt", responded_at AS "respondedAt"`;

/** Which statuses keep a recipient's access: a referral while live, a transfer until it is accepted (then owned). */
const LIVE_SHARE = `((kind = 'referral' AND status IN ('in_progress', 'accepted', 'done')) OR (kind = 'transfer' AND status = 'in_progress'))`;

const RECEIVE: Record<TransferKind, string> = { referral: 'receive_referral', transfer: 'receive_transfer' };
const START: Record<TransferKind, 'refer' | 'transfer'> = { referral: 'refer', transfer: 'transfer' };

/**
 * Referrals (share a case, possibly limited to some forms, with a user or an agency) and transfers (hand it over).
 * `cases.shared_user_ids` / `shared_agency_ids` are recomputed from the live rows after every step, so a revoked
 * or rejected share removes access at once; each step is a case event and bumps version/change_seq.
 */
@Injectable()
export class CaseTransferService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly cases: CaseService,
    private readonly caseRows: CaseRepository,
    private readonly repository: WorkflowRepository,
  ) {}

  async list(actor: Actor, caseId: string, kind: TransferKind): Promise<TransferView[]> {
    const ctx = await this.access.forActor(actor, [caseId]);
    await this.cases.load(ctx, caseId, 'read');
    return this.db.query<TransferView>(`SELECT ${COLUMNS} FROM case_transfers WHERE case_id = $1 AND kind = $2 ORDER BY created_at, id`, [caseId, kind]);
  }

  async create(actor: Actor, caseId: string, kind: TransferKind, input: NewTransfer): Promise<TransferView> {
    const ctx = await this.access.forActor(actor, [caseId]);
    const record = await this.cases.load(ctx, caseId, 'read');
    if (!ctx.ability.can(START[kind], caseSubject(record))) throw TutelaError.forbidden(`You may not ${START[kind]} this case`);
    if (record.disabled) throw TutelaError.conflict('The case is disabled');
    await this.checkRecipient(kind, record, actor, input);
    this.checkForms(input.forms);
    // Sharing a child's case with another service needs the consent recorded on it, unless an override is allowed.
    const consented = record.data[DEFAULT_CONSENT_FIELD] === true;
    const overridden = !consented && ctx.ability.can('consent_override', caseSubject(record));
    if (!consented && !overridden) {
      throw TutelaError.conflict('Consent for services is not recorded on this case', [
        { path: `/data/${DEFAULT_CONSENT_FIELD}`, code: 'consent_required', message: 'Record consent before referring or transferring' },
      ]);
    }
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      const locked = (await this.caseRows.find(tx, caseId, { forUpdate: true })) as CaseRecord;
      await tx.query(
        `INSERT INTO case_transfers (id, case_id, kind, status, from_user_id, to_user_id, to_agency_id, service, forms, note, consent_overridden)
         VALUES ($1, $2, $3, 'in_progress', $4, $5, $6, $7, $8, $9, $10)`,
        [id, caseId, kind, actor.userId, input.toUserId ?? null, input.toAgencyId ?? null, input.service ?? null, input.forms ? JSON.stringify(input.forms) : null, input.note ?? null, overridden],
      );
      await tx.query(`INSERT INTO alerts (id, case_id, user_id, agency_id, kind, message) VALUES ($1, $2, $3, $4, $5, $6)`, [
        randomUUID(), caseId, input.toUserId ?? null, input.toAgencyId ?? null, `${kind}_received`,
        JSON.stringify({ key: `${kind}_received`, text: kind === 'referral' ? { en: 'New referral', fr: 'Nouvelle référence' } : { en: 'New transfer', fr: 'Nouveau transfert' } }),
      ]);
      await this.step(tx, locked, actor, kind, { transferId: id, status: 'in_progress', toUserId: input.toUserId, toAgencyId: input.toAgencyId, service: input.service, consentOverridden: overridden });
    });
    return this.one(id);
  }

  /** The recipient answers: accept / reject (with a reason) / done (referrals). Accepting a transfer hands over ownership. */
  async respond(actor: Actor, caseId: string, kind: TransferKind, id: string, input: { status: 'accepted' | 'rejected' | 'done'; reason?: string }): Promise<TransferView> {
    const ctx = await this.access.forActor(actor, [caseId]);
    await this.cases.load(ctx, caseId, 'read');
    const row = await this.find(caseId, kind, id);
    const receives = (this.configuration.snapshot().roles.get(actor.roleId)?.permissions.case ?? []).includes(RECEIVE[kind] as never);
    if ((row.toUserId !== actor.userId && row.toAgencyId !== actor.agencyId) || !receives) throw TutelaError.forbidden(`Only the recipient may answer this ${kind}`);
    if (input.status === 'rejected' && !input.reason?.trim()) {
      throw TutelaError.validation([{ path: '/reason', code: 'required', message: 'Give a reason for rejecting' }]);
    }
    const allowedFrom: Record<string, TransferStatus[]> = { accepted: ['in_progress'], rejected: ['in_progress'], done: kind === 'referral' ? ['accepted'] : [] };
    if (!allowedFrom[input.status].includes(row.status)) throw TutelaError.conflict(`A ${kind} that is ${row.status} cannot become ${input.status}`);
    await this.db.transaction(async (tx) => {
      const locked = (await this.caseRows.find(tx, caseId, { forUpdate: true })) as CaseRecord;
      const updated = await tx.query(
        `UPDATE case_transfers SET status = $2, reason = COALESCE($3, reason), responded_by = $4, responded_at = now(), updated_at = now()
          WHERE id = $1 AND status = $5 RETURNING id`,
        [id, input.status, input.reason ?? null, actor.userId, row.status],
      );
      if (updated.length === 0) throw TutelaError.conflict(`The ${kind} changed meanwhile`);
      if (kind === 'transfer' && input.status === 'accepted') {
        // The new owner's agency follows the owner: the old owner keeps nothing but what its scope gives it.
        await tx.query(`UPDATE cases SET owner_id = $2, agency_id = $3 WHERE id = $1`, [caseId, actor.userId, actor.agencyId]);
      }
      await this.step(tx, locked, actor, kind, { transferId: id, status: input.status });
    });
    return this.one(id);
  }

  /** The referrer, or someone who may approve on the case (a supervisor), withdraws it: the recipient loses access. */
  async revoke(actor: Actor, caseId: string, kind: TransferKind, id: string): Promise<void> {
    const ctx = await this.access.forActor(actor, [caseId]);
    const record = await this.cases.load(ctx, caseId, 'read');
    const row = await this.find(caseId, kind, id);
    if (row.fromUserId !== actor.userId && !ctx.ability.can('approve', caseSubject(record))) throw TutelaError.forbidden(`Only the sender or a supervisor may revoke this ${kind}`);
    if (!['in_progress', 'accepted'].includes(row.status)) throw TutelaError.conflict(`A ${kind} that is ${row.status} cannot be revoked`);
    await this.db.transaction(async (tx) => {
      const locked = (await this.caseRows.find(tx, caseId, { forUpdate: true })) as CaseRecord;
      await tx.query(`UPDATE case_transfers SET status = 'revoked', updated_at = now() WHERE id = $1`, [id]);
      await this.step(tx, locked, actor, kind, { transferId: id, status: 'revoked' });
    });
  }

  /** Recomputes the shares from the live rows, bumps version/change_seq and records the event. */
  private async step(tx: SqlExecutor, record: CaseRecord, actor: Actor, kind: TransferKind, meta: Record<string, unknown>): Promise<void> {
    await tx.query(
      `UPDATE cases SET
         shared_user_ids = ARRAY(SELECT DISTINCT to_user_id FROM case_transfers WHERE case_id = $1 AND to_user_id IS NOT NULL AND ${LIVE_SHARE}),
         shared_agency_ids = ARRAY(SELECT DISTINCT to_agency_id FROM case_transfers WHERE case_id = $1 AND to_agency_id IS NOT NULL AND ${LIVE_SHARE})
       WHERE id = $1`,
      [record.id],
    );
    const touched = await this.repository.touch(tx, record.id, record.version);
    if (!touched) throw new Error('case version moved under a row lock');
    await this.caseRows.appendEvent(tx, { caseId: record.id, actorId: actor.userId, action: kind, version: touched.version, meta });
  }

  private async checkRecipient(kind: TransferKind, record: CaseRecord, actor: Actor, input: NewTransfer): Promise<void> {
    const field = input.toUserId ? '/toUserId' : '/toAgencyId';
    const refuse = (message: string) => TutelaError.validation([{ path: field, code: 'invalid_recipient', message }]);
    const roles = this.configuration.snapshot().roles;
    const mayReceive = (roleId: string) => (roles.get(roleId)?.permissions.case ?? []).includes(RECEIVE[kind] as never);
    if (kind === 'transfer' && !input.toUserId) throw refuse('A transfer goes to a user (the new owner)');
    if (input.toUserId) {
      if (input.toUserId === actor.userId || input.toUserId === record.ownerId) throw refuse('The recipient already holds the case');
      const [user] = await this.db.query<{ roleId: string }>(`SELECT role_id AS "roleId" FROM users WHERE id = $1 AND NOT disabled`, [input.toUserId]);
      if (!user || !mayReceive(user.roleId)) throw refuse(`No enabled user who may receive a ${kind} has this id`);
      return;
    }
    const members = await this.db.query<{ roleId: string }>(`SELECT DISTINCT role_id AS "roleId" FROM users WHERE agency_id = $1 AND NOT disabled`, [input.toAgencyId]);
    if (!members.some((m) => mayReceive(m.roleId))) throw refuse(`No one in this agency may receive a ${kind}`);
  }

  private checkForms(forms: string[] | undefined): void {
    if (!forms) return;
    const known = new Set(this.configuration.snapshot().forms.fieldCatalog('case').map((f) => f.formId));
    const unknown = forms.map((formId, i) => ({ formId, i })).filter(({ formId }) => !known.has(formId));
    if (unknown.length) throw TutelaError.validation(unknown.map(({ formId, i }) => ({ path: `/forms/${i}`, code: 'unknown_form', message: `No case form "${formId}"` })));
  }

  private async find(caseId: string, kind: TransferKind, id: string): Promise<TransferView> {
    const [row] = await this.db.query<TransferView>(`SELECT ${COLUMNS} FROM case_transfers WHERE id = $1 AND case_id = $2 AND kind = $3`, [id, caseId, kind]);
    if (!row) throw TutelaError.notFound(kind === 'referral' ? 'Referral' : 'Transfer');
    return row;
  }

  private async one(id: string): Promise<TransferView> {
    const [row] = await this.db.query<TransferView>(`SELECT ${COLUMNS} FROM case_transfers WHERE id = $1`, [id]);
    return row;
  }
}
