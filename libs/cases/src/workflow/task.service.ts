import { Injectable } from '@nestjs/common';
import { caseSubject } from '@tutela/access';
import { Actor } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { WorkflowMessage, checkApprovalDecision, renderMessage } from '@tutela/workflow';
import { AccessContextService } from '../cases/access-context.service';
import { CASE_COLUMNS } from '../cases/case.repository';
import { transitionContext } from '../cases/transition-context';
import { CaseRecord } from '../cases/case.types';
import { ConfigurationService } from '../configuration/configuration.service';

export interface TaskItem {
  kind: 'deadline' | 'case_plan_action' | 'follow_up' | 'service' | 'approval' | 'referral' | 'transfer' | 'alert';
  caseId: string;
  shortId: string;
  /** Deadline timer name, approval type, alert kind… */
  detail: string;
  id: string | null;
  dueAt: string | null;
  overdue: boolean;
  /** Alerts only, in the reader's locale. */
  message?: string;
}

interface Candidate extends Omit<TaskItem, 'shortId' | 'overdue' | 'dueAt'> {
  dueAt: Date | string | null;
  requestedBy?: string;
  rawMessage?: WorkflowMessage;
}

/** Data items with a due date that are not done yet: case plan actions, follow-ups, services. */
const DUE_ITEMS = `
  SELECT c.id AS "caseId", x.kind, x.due AS "dueAt" FROM cases c
  CROSS JOIN LATERAL (
    SELECT 'case_plan_action' AS kind, i->>'action_due_date' AS due FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c.data->'case_plan_actions') = 'array' THEN c.data->'case_plan_actions' ELSE '[]' END) i
     WHERE i->>'action_due_date' IS NOT NULL AND COALESCE(i->>'action_status', '') NOT IN ('done', 'cancelled')
    UNION ALL
    SELECT 'follow_up', i->>'followup_due_date' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c.data->'follow_ups') = 'array' THEN c.data->'follow_ups' ELSE '[]' END) i
     WHERE i->>'followup_due_date' IS NOT NULL AND i->>'followup_date' IS NULL
    UNION ALL
    SELECT 'service', i->>'service_due_date' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c.data->'services') = 'array' THEN c.data->'services' ELSE '[]' END) i
     WHERE i->>'service_due_date' IS NOT NULL AND COALESCE(i->>'service_implemented', 'false') <> 'true'
  ) x
  WHERE (c.owner_id = $1 OR $1 = ANY(c.assigned_user_ids)) AND NOT c.disabled AND c.status = 'open'`;

/**
 * `GET /tasks`: the actor's due and overdue work across cases: live workflow deadlines of cases it owns, dated
 * case-plan actions, follow-ups and services not done, approvals it may decide, incoming referrals and transfers,
 * and alerts addressed to it (or to its agency when it supervises). Every item is re-checked against what the
 * actor may read now; an item of a case it cannot read is dropped.
 */
@Injectable()
export class TaskService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
  ) {}

  async list(actor: Actor): Promise<TaskItem[]> {
    const role = this.configuration.snapshot().roles.get(actor.roleId);
    const supervises = (role?.permissions.case ?? []).includes('approve' as never);
    const [deadlines, dueItems, approvals, incoming, alerts] = await Promise.all([
      this.db.query<Candidate>(
        `SELECT 'deadline' AS kind, t.case_id AS "caseId", t.timer AS detail, t.id, t.due_at AS "dueAt" FROM workflow_timers t
           JOIN cases c ON c.id = t.case_id WHERE c.owner_id = $1 AND t.status = 'scheduled' AND NOT c.disabled`,
        [actor.userId],
      ),
      this.db.query<Candidate>(`SELECT "caseId", kind, kind AS detail, NULL AS id, "dueAt" FROM (${DUE_ITEMS}) d`, [actor.userId]),
      supervises
        ? this.db.query<Candidate>(
            `SELECT 'approval' AS kind, a.case_id AS "caseId", a.type AS detail, a.id, NULL AS "dueAt", a.requested_by AS "requestedBy"
               FROM approvals a JOIN cases c ON c.id = a.case_id
              WHERE a.status = 'pending' AND a.cleared_at IS NULL AND c.agency_id = $1 AND NOT c.disabled`,
            [actor.agencyId],
          )
        : Promise.resolve([] as Candidate[]),
      this.db.query<Candidate>(
        `SELECT kind, case_id AS "caseId", COALESCE(service, kind) AS detail, id, NULL AS "dueAt" FROM case_transfers
          WHERE status = 'in_progress' AND (to_user_id = $1 OR to_agency_id = $2)`,
        [actor.userId, actor.agencyId],
      ),
      this.db.query<Candidate>(
        `SELECT 'alert' AS kind, case_id AS "caseId", kind AS detail, id, due_at AS "dueAt", message AS "rawMessage" FROM alerts
          WHERE dismissed_at IS NULL AND case_id IS NOT NULL AND (user_id = $1 OR ($3 AND agency_id = $2))
          ORDER BY created_at DESC LIMIT 500`,
        [actor.userId, actor.agencyId, supervises],
      ),
    ]);
    const candidates = [...deadlines, ...dueItems, ...approvals, ...incoming, ...alerts];
    if (candidates.length === 0) return [];

    const caseIds = [...new Set(candidates.map((c) => c.caseId))];
    const ctx = await this.access.forActor(actor, caseIds);
    const records = new Map(
      (await this.db.query<CaseRecord>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = ANY($1::uuid[])`, [caseIds])).map((r) => [r.id, r]),
    );
    const snapshot = this.configuration.snapshot();
    const now = Date.now();
    const items: TaskItem[] = [];
    for (const candidate of candidates) {
      const record = records.get(candidate.caseId);
      if (!record || !ctx.ability.can('read', caseSubject(record))) continue;
      if (candidate.kind === 'approval') {
        const workflow = snapshot.workflows.get(record.workflowId);
        const check = workflow && checkApprovalDecision(workflow, candidate.detail, { ownerId: record.ownerId, requestedBy: candidate.requestedBy ?? '' }, transitionContext(ctx, snapshot.forms, record.data));
        if (!check?.allowed || !ctx.ability.can('approve', caseSubject(record))) continue;
      }
      const due = candidate.dueAt ? new Date(candidate.dueAt) : null;
      items.push({
        kind: candidate.kind,
        caseId: candidate.caseId,
        shortId: record.shortId,
        detail: candidate.detail,
        id: candidate.id,
        dueAt: due ? due.toISOString() : null,
        overdue: due !== null && due.getTime() <= now,
        ...(candidate.rawMessage ? { message: renderMessage(candidate.rawMessage.text ? candidate.rawMessage : { text: { en: candidate.detail } }, actor.locale) } : {}),
      });
    }
    // Overdue first, then by due date; undated items (approvals, referrals, alerts) after.
    return items.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
  }
}
