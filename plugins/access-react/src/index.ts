/**
 * Cellport members and roles for frontend plugins: the members panel, its API client and hooks.
 *
 * @packageDocumentation
 */
export { membersApiRef } from './api/MembersApi';
export type {
  MembersApi,
  MembersPageOptions,
  MembersTarget,
} from './api/MembersApi';
export { MembersClient } from './api/MembersClient';
export type { paths as AccessApiPaths } from './api/generated/openapi';
export { clientApiFactory } from './api/clientApiFactory';
export type { ClientApiDeps } from './api/clientApiFactory';
export { useMembersApi } from './hooks/useMembersApi';
export { useMembers } from './hooks/useMembers';
export { useMemberPermissions } from './hooks/useMemberPermissions';
export type { MemberPermissions } from './hooks/useMemberPermissions';
export { MembersPanel } from './components/MembersPanel/MembersPanel';
export type { MembersPanelProps } from './components/MembersPanel/MembersPanel';
export { MemberRow } from './components/MembersPanel/MemberRow';
export type { MemberRowProps } from './components/MembersPanel/MemberRow';
export { RoleSelect } from './components/MembersPanel/RoleSelect';
export type { RoleSelectProps } from './components/MembersPanel/RoleSelect';
export { AddMemberDialog } from './components/MembersPanel/AddMemberDialog';
export type { AddMemberDialogProps } from './components/MembersPanel/AddMemberDialog';
export {
  UserDisplay,
  useDisplayName,
  initialsOf,
  RelativeTime,
  describeTime,
} from './components/people';
export type { UserDisplayProps, RelativeTimeProps } from './components/people';
export {
  ActivityDetails,
  activityDetailParts,
  describeActivityDetails,
} from './components/activity';
export type {
  ActivityDetailsProps,
  ActivityDetailKey,
  ActivityDetailPart,
} from './components/activity';
export {
  FormDialog,
  InlineForm,
  FormActions,
  FormSection,
  useFormSubmit,
} from './components/forms';
export type {
  FormDialogProps,
  InlineFormProps,
  FormActionsProps,
  FormSubmitOptions,
} from './components/forms';
export { errorMessage, errorStatus } from './errors';
