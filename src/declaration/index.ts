/** Declaring a project from the phone: the form per region and kind, its validation, summary and findings. */
export type { DeclarationForm, FieldRole, FieldSpec, FieldType, FormStep } from './types.js';
export {
  declarationForm,
  defaultValues,
  kindChoices,
  factsRead,
  routingKeywords,
  lineItemKey,
  lineItemTable,
  stepKeys,
  stepRows,
  stepOfKey,
  firstStepWithError,
  allFields,
  isAsked,
  MAX_INPUTS_PER_STEP,
  LINE_ITEMS_ID,
} from './form.js';
export {
  validateStep,
  validateDeclaration,
  collectStepValues,
  formValueString,
  charCount,
  normalisePhone,
} from './validate.js';
export { parseMonthRange, formatMonthRange, type MonthRange } from './month-range.js';
export { lineItems, amountFen, showAmount, type LineItems, type LineItemRow } from './amounts.js';
export { summarise, investmentFen, fiscalFundsFen, type DeclarationSummary } from './summary.js';
export {
  factsOf,
  complianceFindings,
  declarationMaterials,
  projectMaterialStatus,
  formMaterialIds,
  declarationText,
  type MaterialStatus,
} from './compliance.js';
export { reviewSummary, labelWithoutUnit, type ReviewSummary } from './review-summary.js';
