import { DefinitionProblem } from '../definition/workflow-problem.types';
import { LocalizedText, missingLocales } from '../localization/localized-text';
import { WorkflowRegistry } from '../registry/workflow.registry';
import { escapePointer } from './ajv.factory';
import { LooseRecord, asString, isRecord, recordsOf } from './loose-access';
import { actionLists } from './step.checks';



/**
 * Every text a user may see must exist in each required locale: names, labels, guard messages, messages and the
 * texts inside action parameters (as each action declares them).
 */
export function checkTranslations(definition: LooseRecord, registry: WorkflowRegistry, locales: readonly string[]): DefinitionProblem[] {
  const texts: Array<[unknown, string]> = [[definition.name, '/name']];
  const listed: Array<[string, string]> = [
    ['states', 'label'],
    ['transitions', 'label'],
    ['timers', 'label'],
    ['approvals', 'label'],
  ];
  for (const [list, key] of listed) {
    for (const [index, item] of recordsOf(definition[list])) texts.push([item[key], `/${list}/${index}/${key}`]);
  }
  for (const [index, transition] of recordsOf(definition.transitions)) {
    for (const [k, guard] of recordsOf(transition.guards)) texts.push([guard.message, `/transitions/${index}/guards/${k}/message`]);
  }
  if (isRecord(definition.messages)) {
    for (const [key, text] of Object.entries(definition.messages)) texts.push([text, `/messages/${escapePointer(key)}`]);
  }
  for (const [base, list] of actionLists(definition)) {
    for (const [k, reference] of recordsOf(list)) texts.push(...actionTexts(reference, `${base}/${k}/params`, registry));
  }
  return texts.flatMap(([text, path]): DefinitionProblem[] => {
    if (!isRecord(text)) return [];
    const missing = missingLocales(text as LocalizedText, locales);
    return missing.map((locale) => ({
      path: `${path}/${locale}`,
      code: 'missing_translation',
      message: `missing "${locale}" translation`,
    }));
  });
}

/** Texts inside an action's parameters, only once those parameters are valid (else their shape is unknown). */
function actionTexts(reference: LooseRecord, base: string, registry: WorkflowRegistry): Array<[unknown, string]> {
  const name = asString(reference.action);
  const action = name === undefined ? undefined : registry.action(name);
  const params = reference.params ?? {};
  if (!action?.localizedTexts || name === undefined || !isRecord(params)) return [];
  if (registry.checkActionParams(name, params).length > 0) return [];
  return action.localizedTexts(params).map(({ path, text }): [unknown, string] => [text, `${base}${path}`]);
}
