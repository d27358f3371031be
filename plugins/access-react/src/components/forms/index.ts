export { FormDialog } from './FormDialog';
export type { FormDialogProps } from './FormDialog';
export { InlineForm } from './InlineForm';
export type { InlineFormProps } from './InlineForm';
export { FormActions } from './FormActions';
export type { FormActionsProps } from './FormActions';
export { FormSection } from './FormSection';
export { useFormSubmit } from './useFormSubmit';
export type { FormSubmitOptions } from './useFormSubmit';
