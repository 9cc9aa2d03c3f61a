import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { CompiledWorkflow, TransitionPlan, WorkflowEffect, describeWorkflow, workflowReferences } from '@tutela/workflow';
import { CaseSimulator } from '../test-fixtures/case-simulator';
import { NOW, REPO_ROOT, compileOrFail, hours, makeContext } from '../test-fixtures/workflow-test-kit';

const FILE = path.join(REPO_ROOT, 'workflows', 'mli', 'case_management.json');
const definition = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
const workflow = compileOrFail(definition);

const PACK_FORMS = ['basic_identity', 'registration', 'protection_concerns', 'assessment', 'case_plan', 'follow_up', 'closure'];
const worker = makeContext({ actorId: 'worker-1', permissions: ['request_approval'], completeForms: PACK_FORMS });
const workerFr = makeContext({ actorId: 'worker-1', permissions: ['request_approval'], completeForms: PACK_FORMS, locale: 'fr' });
const supervisor = makeContext({ actorId: 'supervisor-1', permissions: ['approve', 'reopen', 'request_approval'], completeForms: PACK_FORMS });
const at = (offsetHours: number) => makeContext({ actorId: 'system', now: new Date(NOW.getTime() + hours(offsetHours)) });

const newCase = (data: Record<string, unknown> = {}, on: CompiledWorkflow = workflow) =>
  new CaseSimulator(on, { data: { name_first: 'Awa', ...data }, ownerId: 'worker-1' }, worker);

function expectApplied(plan: TransitionPlan, to: string): WorkflowEffect[] {
  if (plan.outcome !== 'applied') throw new Error(`expected ${plan.transition} to apply, got: ${plan.reason}`);
  expect(plan.to).toBe(to);
  return plan.effects;
}

/** Takes a case from registration to follow-up with the approvals a supervisor would give. */
function caseInFollowUp(riskLevel = 'medium'): CaseSimulator {
  const kase = newCase({ risk_level: riskLevel, consent_for_services: true });
  expectApplied(kase.transition('start_assessment', worker), 'assessment');
  expectApplied(kase.transition('complete_assessment', worker), 'case_plan');
  kase.decide('case_plan', 'approved');
  expectApplied(kase.transition('start_implementation', worker), 'implementation');
  expectApplied(kase.transition('start_follow_up', worker), 'follow_up');
  return kase;
}

describe('Mali case_management workflow', () => {
  it('has the states of the API contract, registration first and closed final', () => {
    const description = describeWorkflow(workflow, 'fr');
    expect(description.states.map((state) => state.id)).toEqual([
      'registration', 'assessment', 'case_plan', 'implementation', 'follow_up', 'closure', 'closed',
    ]);
    expect(description.initialState).toBe('registration');
    expect(description.states.filter((state) => state.final).map((state) => state.id)).toEqual(['closed']);
    expect(description.name).toBe('Gestion de cas');
  });

  it('walks a case through every state to closure', () => {
    const kase = newCase();
    expect(kase.state).toBe('registration');

    const noRisk = kase.transition('start_assessment', workerFr);
    expect(noRisk).toMatchObject({ outcome: 'rejected', code: 'guard_failed' });
    expect(noRisk.outcome === 'rejected' && noRisk.failedGuards[0].reason).toBe(
      'Renseignez le niveau de risque initial avant de commencer l’évaluation',
    );

    kase.setData({ risk_level: 'medium' });
    expect(expectApplied(kase.transition('start_assessment', worker), 'assessment')).toEqual([
      { type: 'schedule_timer', timer: 'assessment_deadline', state: 'assessment', startedAt: NOW, dueAt: new Date(NOW.getTime() + hours(72)) },
    ]);

    expect(expectApplied(kase.transition('complete_assessment', worker), 'case_plan')).toEqual([
      { type: 'cancel_timers', timers: ['assessment_deadline'] },
    ]);

    const blocked = kase.transition('start_implementation', worker);
    expect(blocked.outcome === 'rejected' && blocked.failedGuards.map((failed) => failed.guard)).toEqual(['approval_granted', 'consent_given']);
    kase.decide('case_plan', 'approved');
    kase.setData({ consent_for_services: true });
    expect(expectApplied(kase.transition('start_implementation', worker), 'implementation')).toEqual([]);

    expect(expectApplied(kase.transition('start_follow_up', worker), 'follow_up')).toEqual([
      expect.objectContaining({ type: 'schedule_timer', timer: 'follow_up_reminder', dueAt: new Date(NOW.getTime() + hours(14 * 24)) }),
    ]);
    expectApplied(kase.transition('resume_implementation', worker), 'implementation');
    expect(kase.timers.size).toBe(0);
    expectApplied(kase.transition('start_follow_up', worker), 'follow_up');

    expect(expectApplied(kase.transition('request_closure', worker), 'closure')).toEqual([
      { type: 'cancel_timers', timers: ['follow_up_reminder'] },
      { type: 'request_approval', approvalType: 'closure', requestedBy: 'worker-1' },
      {
        type: 'notify',
        recipients: [{ kind: 'supervisors_of', userId: 'worker-1' }],
        message: { key: 'closure_requested', text: expect.objectContaining({ fr: 'La clôture d’un dossier attend votre approbation' }) },
        alertKind: 'approval',
      },
    ]);

    kase.decide('closure', 'approved');
    const closing = kase.transition('close', worker);
    expect(closing).toMatchObject({ outcome: 'applied', to: 'closed', status: 'closed' });
    expect(expectApplied(closing, 'closed')).toEqual([{ type: 'cancel_timers', timers: 'all' }]);
  });

  it('needs the forms of each step complete, naming those that are not', () => {
    const kase = newCase({ risk_level: 'high' });
    const partly = makeContext({ actorId: 'worker-1', completeForms: ['basic_identity'] });
    expect(kase.transition('start_assessment', partly)).toMatchObject({
      outcome: 'rejected',
      failedGuards: [{ guard: 'forms_complete', reason: 'These forms are not complete: registration' }],
    });
    const closingTooEarly = caseInFollowUp();
    const noClosureForm = makeContext({ actorId: 'worker-1', permissions: ['request_approval'], completeForms: ['case_plan'] });
    expect(closingTooEarly.transition('request_closure', noClosureForm)).toMatchObject({
      outcome: 'rejected',
      failedGuards: [{ guard: 'forms_complete', reason: 'These forms are not complete: closure' }],
    });
  });

  it('names only forms and fields that the Mali form pack defines', () => {
    const formsDir = path.join(REPO_ROOT, 'form-definitions', 'mli', 'forms');
    const forms = readdirSync(formsDir).filter((name) => name.endsWith('.json'));
    const fieldNames = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        if (typeof record.name === 'string' && typeof record.type === 'string') fieldNames.add(record.name);
        Object.values(record).forEach(collect);
      }
    };
    forms.forEach((name) => collect(JSON.parse(readFileSync(path.join(formsDir, name), 'utf8'))));
    const refs = workflowReferences(workflow);
    expect(refs.forms.filter((ref) => !forms.includes(`${ref.value}.json`))).toEqual([]);
    expect(refs.fieldsRead.filter((ref) => !fieldNames.has(ref.value.split('.')[0]))).toEqual([]);
    expect(refs.fieldsWritten).toEqual([]);
    expect(refs.forms.length).toBeGreaterThan(0);
  });

  it('requires the assessment approval only when the pack marks it required', () => {
    const lenient = newCase({ risk_level: 'low' });
    expectApplied(lenient.transition('start_assessment', worker), 'assessment');
    expectApplied(lenient.transition('complete_assessment', worker), 'case_plan');
    const approvals = (definition.approvals as Array<Record<string, unknown>>).map((approval) =>
      approval.type === 'assessment' ? { ...approval, required: true } : approval,
    );
    const strict = compileOrFail({ ...definition, approvals });
    const kase = newCase({ risk_level: 'low' }, strict);
    expectApplied(kase.transition('start_assessment', worker), 'assessment');
    expect(kase.transition('complete_assessment', worker)).toMatchObject({ outcome: 'rejected', code: 'guard_failed' });
    kase.decide('assessment', 'approved');
    expectApplied(kase.transition('complete_assessment', worker), 'case_plan');
  });

  describe('closure approval', () => {
    it('blocks closing while pending or rejected, and a new request supersedes an old decision', () => {
      const kase = caseInFollowUp();
      expectApplied(kase.transition('request_closure', worker), 'closure');
      expect(kase.transition('close', worker)).toMatchObject({
        outcome: 'rejected',
        code: 'guard_failed',
        failedGuards: [{ guard: 'approval_granted', reason: 'The approval "Closure" is still pending' }],
      });

      kase.decide('closure', 'rejected');
      const refused = kase.transition('close', workerFr);
      expect(refused).toMatchObject({ outcome: 'rejected', failedGuards: [{ reason: 'L’approbation « Clôture » a été refusée' }] });
      expect(kase.state).toBe('closure');

      expect(expectApplied(kase.transition('cancel_closure', worker), 'follow_up')).toEqual([
        { type: 'clear_approvals', approvalTypes: ['closure'] },
        expect.objectContaining({ type: 'schedule_timer', timer: 'follow_up_reminder' }),
      ]);
      expectApplied(kase.transition('request_closure', worker), 'closure');
      expect(kase.snapshot.approvals.closure).toBe('pending');
      kase.decide('closure', 'approved');
      expectApplied(kase.transition('close', worker), 'closed');
    });

    it('cannot be requested by a user without the request permission', () => {
      const kase = caseInFollowUp();
      const withoutPermission = makeContext({ actorId: 'worker-1', completeForms: PACK_FORMS });
      expect(kase.transition('request_closure', withoutPermission)).toMatchObject({ outcome: 'rejected', failedGuards: [{ guard: 'has_permission' }] });
    });
  });

  describe('assessment deadline', () => {
    it.each([
      ['high', 24],
      ['medium', 72],
      ['low', 7 * 24],
      ['not_yet_known', 24],
    ])('for risk level %p is %p hours after entering assessment (unlisted levels count as high)', (riskLevel, dueHours) => {
      const kase = newCase({ risk_level: riskLevel });
      expectApplied(kase.transition('start_assessment', worker), 'assessment');
      expect(kase.timers.get('assessment_deadline')).toEqual({ startedAt: NOW, dueAt: new Date(NOW.getTime() + hours(dueHours)) });
    });

    it('raises an alert and an overdue task when missed', () => {
      const kase = newCase({ risk_level: 'high' });
      expectApplied(kase.transition('start_assessment', worker), 'assessment');
      expect(kase.expire('assessment_deadline', at(24))).toEqual([
        {
          type: 'notify',
          recipients: [{ kind: 'user', userId: 'worker-1' }, { kind: 'supervisors_of', userId: 'worker-1' }],
          message: { key: 'assessment_overdue', text: expect.objectContaining({ en: 'The assessment of a case is overdue' }) },
          alertKind: 'assessment_overdue',
        },
        {
          type: 'create_task',
          kind: 'assessment',
          assigneeId: 'worker-1',
          dueAt: new Date(NOW.getTime() + hours(24)),
          label: { en: 'Overdue assessment', fr: 'Évaluation en retard' },
        },
      ]);
    });

    it('is cancelled when the case moves on, and a late expiry then does nothing', () => {
      const kase = newCase({ risk_level: 'high' });
      expectApplied(kase.transition('start_assessment', worker), 'assessment');
      expectApplied(kase.transition('complete_assessment', worker), 'case_plan');
      expect(kase.timers.has('assessment_deadline')).toBe(false);
      expect(kase.expire('assessment_deadline', at(24))).toEqual([]);
    });

    it('starts again, with cleared approvals, when the case goes back to assessment', () => {
      const kase = caseInFollowUp('low');
      expect(expectApplied(kase.transition('back_to_assessment', worker), 'assessment')).toEqual([
        { type: 'cancel_timers', timers: ['follow_up_reminder'] },
        { type: 'clear_approvals', approvalTypes: ['assessment', 'case_plan'] },
        expect.objectContaining({ type: 'schedule_timer', timer: 'assessment_deadline', dueAt: new Date(NOW.getTime() + hours(7 * 24)) }),
      ]);
      expect(kase.snapshot.approvals).toEqual({});
    });
  });

  it('reminds about follow-up again and again while the case stays in follow-up', () => {
    const kase = caseInFollowUp('high');
    const effects = kase.expire('follow_up_reminder', at(7 * 24));
    expect(effects.map((effect) => effect.type)).toEqual(['notify', 'create_task', 'schedule_timer']);
    expect(kase.timers.get('follow_up_reminder')?.dueAt).toEqual(new Date(NOW.getTime() + hours(14 * 24)));
    expectApplied(kase.transition('request_closure', worker), 'closure');
    expect(kase.expire('follow_up_reminder', at(14 * 24))).toEqual([]);
  });

  describe('reopening a closed case', () => {
    function closedCase(): CaseSimulator {
      const kase = caseInFollowUp();
      expectApplied(kase.transition('request_closure', worker), 'closure');
      kase.decide('closure', 'approved');
      expectApplied(kase.transition('close', worker), 'closed');
      return kase;
    }

    it('needs the reopen permission', () => {
      expect(closedCase().transition('reopen', worker)).toMatchObject({
        outcome: 'rejected',
        failedGuards: [{ guard: 'has_permission', reason: 'You do not have the permission "reopen"' }],
      });
    });

    it('goes back to assessment with every approval cleared, so the old closure approval cannot close it again', () => {
      const kase = closedCase();
      const effects = expectApplied(kase.transition('reopen', supervisor), 'assessment');
      expect(effects).toEqual([
        { type: 'clear_approvals', approvalTypes: 'all' },
        expect.objectContaining({ type: 'notify', recipients: [{ kind: 'user', userId: 'worker-1' }], alertKind: 'case_reopened' }),
        expect.objectContaining({ type: 'schedule_timer', timer: 'assessment_deadline' }),
      ]);
      expect(kase.snapshot.approvals).toEqual({});
      expectApplied(kase.transition('complete_assessment', worker), 'case_plan');
      expect(kase.transition('start_implementation', worker)).toMatchObject({ outcome: 'rejected' });
    });

    it('can go straight back to follow-up', () => {
      const kase = closedCase();
      const effects = expectApplied(kase.transition('reopen_to_follow_up', supervisor), 'follow_up');
      expect(effects.at(-1)).toMatchObject({ type: 'schedule_timer', timer: 'follow_up_reminder' });
      expect(kase.transition('close', supervisor)).toMatchObject({ outcome: 'rejected', code: 'not_allowed_from_state' });
    });
  });
});
