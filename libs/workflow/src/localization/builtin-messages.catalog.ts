import { LocalizedText } from './localized-text';
import { MessageParam, WorkflowMessage } from './workflow-message';

/**
 * Texts the built-in guards and the state machine produce, in every language the first country packs need.
 * Guard reasons are shown to case workers, so they name fields and forms but never case values.
 */
export const BUILTIN_MESSAGES = {
  'workflow.guard.forms_complete': {
    en: 'These forms are not complete: {forms}',
    fr: 'Ces formulaires ne sont pas complets : {forms}',
  },
  'workflow.guard.field_condition': {
    en: 'The case does not meet this condition: {condition}',
    fr: 'Le dossier ne remplit pas cette condition : {condition}',
  },
  'workflow.guard.has_permission': {
    en: 'You do not have the permission "{permission}"',
    fr: 'Vous n’avez pas l’autorisation « {permission} »',
  },
  'workflow.guard.approval_not_requested': {
    en: 'The approval "{approval}" has not been granted yet (not requested)',
    fr: 'L’approbation « {approval} » n’a pas encore été accordée (non demandée)',
  },
  'workflow.guard.approval_pending': {
    en: 'The approval "{approval}" is still pending',
    fr: 'L’approbation « {approval} » est toujours en attente',
  },
  'workflow.guard.approval_rejected': {
    en: 'The approval "{approval}" was rejected',
    fr: 'L’approbation « {approval} » a été refusée',
  },
  'workflow.guard.consent_given': {
    en: 'Consent has not been recorded (field "{field}")',
    fr: 'Le consentement n’a pas été recueilli (champ « {field} »)',
  },
  'workflow.guard.error': {
    en: 'The check "{guard}" could not be evaluated',
    fr: 'La vérification « {guard} » n’a pas pu être effectuée',
  },
  'workflow.transition.unknown': {
    en: 'There is no transition "{transition}" in this workflow',
    fr: 'Il n’existe pas de transition « {transition} » dans ce circuit',
  },
  'workflow.transition.not_allowed_from_state': {
    en: '"{transition}" is not possible from the state "{state}"',
    fr: '« {transition} » n’est pas possible depuis l’étape « {state} »',
  },
  'workflow.transition.guard_failed': {
    en: '"{transition}" is not possible yet: {reasons}',
    fr: '« {transition} » n’est pas encore possible : {reasons}',
  },
  'workflow.approval.unknown_type': {
    en: 'There is no approval type "{approval}" in this workflow',
    fr: 'Il n’existe pas de type d’approbation « {approval} » dans ce circuit',
  },
  'workflow.approval.missing_permission': {
    en: 'You do not have the permission "{permission}" needed for the approval "{approval}"',
    fr: 'Vous n’avez pas l’autorisation « {permission} » requise pour l’approbation « {approval} »',
  },
  'workflow.approval.self_approval_not_allowed': {
    en: 'You cannot decide on the approval "{approval}" of your own case or request',
    fr: 'Vous ne pouvez pas statuer sur l’approbation « {approval} » de votre propre dossier ou demande',
  },
  'workflow.approval.not_requestable_in_state': {
    en: 'The approval "{approval}" cannot be requested in the state "{state}"',
    fr: 'L’approbation « {approval} » ne peut pas être demandée à l’étape « {state} »',
  },
} as const satisfies Record<string, LocalizedText>;

export type BuiltinMessageKey = keyof typeof BUILTIN_MESSAGES;

/** A built-in message with its parameters, not yet rendered. */
export function builtinMessage(key: BuiltinMessageKey, params?: Record<string, MessageParam>): WorkflowMessage {
  return { key, text: BUILTIN_MESSAGES[key], ...(params ? { params } : {}) };
}
