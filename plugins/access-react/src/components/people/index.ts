export { UserDisplay, useDisplayName, initialsOf } from './UserDisplay';
export type { UserDisplayProps } from './UserDisplay';
export { RelativeTime, describeTime } from './RelativeTime';
export type { RelativeTimeProps } from './RelativeTime';
