export * from './definitions/form-definition.types';
export * from './definitions/pack.types';
export { formDefinitionMetaSchema } from './meta-schema/form-definition.meta-schema';
export { countryDefinitionMetaSchema, lookupDefinitionMetaSchema } from './meta-schema/pack.meta-schemas';
export { conditionToSchema } from './conditions/condition-schema.compiler';
export { evaluateCondition } from './conditions/condition.evaluator';
export { createFormAjv } from './schema/form-ajv.factory';
export { compileFormSchema, SUBFORM_ITEM_ID, type FormSchemaContext } from './schema/form-schema.compiler';
export { buildUiSchema, type UiElement, type UiRule } from './ui/ui-schema.builder';
export { localizeForm, type LocalizedField, type LocalizedForm, type LocalizedOption } from './ui/form.localizer';
export { localizeText, pickLocale } from './ui/locale';
export { LocationTree, type LocationQuery } from './locations/location-tree';
export { parseLocationsCsv, type LocationsCsvResult } from './locations/locations-csv.parser';
export { loadPackFromDir, type LoadedPack } from './pack/pack.loader';
export { validatePack } from './pack/pack.validator';
export { generateFormTypes, type GeneratedFile } from './typegen/form-types.generator';
export {
  FormsEngine,
  type FieldCatalogEntry,
  type FormsSnapshot,
  type ValidateRecordInput,
  type ValidateRecordResult,
} from './engine/forms.engine';
export type { FormErrorCode } from './engine/validation-messages';
