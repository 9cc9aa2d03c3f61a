import { AccessContext } from './access-context.service';
import { CaseData } from './case.types';

/** What the workflow's guards and actions may ask of the request: who acts, when, with which permissions. */
export function transitionContext(ctx: AccessContext, forms: { isFormComplete(formId: string, data: CaseData): boolean }, data: CaseData) {
  return {
    actorId: ctx.actor.userId,
    now: new Date(),
    locale: ctx.actor.locale,
    can: (permission: string) => ctx.ability.can(permission as never, 'Case'),
    isFormComplete: (formId: string) => forms.isFormComplete(formId, data),
  };
}
