export { ActivityDetails } from './ActivityDetails';
export type { ActivityDetailsProps } from './ActivityDetails';
export {
  activityDetailParts,
  describeActivityDetails,
} from './activityDetailParts';
export type {
  ActivityDetailKey,
  ActivityDetailPart,
} from './activityDetailParts';
