import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';

const OK = ['succeeded', 'successful'];
const RUNNING = ['running', 'progressing', 'baking', 'rolling-back'];
const PENDING = ['pending', 'waiting-approval'];
const WARNING = ['paused', 'inconclusive'];
const ERROR = ['failed', 'rolled-back'];

/** A release, step or gate state with the Backstage status colour that fits it. */
export function StateLabel(props: { state: string }) {
  const { state } = props;
  const text = <span data-testid={`state-${state}`}>{state}</span>;
  if (OK.includes(state)) return <StatusOK>{text}</StatusOK>;
  if (RUNNING.includes(state)) return <StatusRunning>{text}</StatusRunning>;
  if (PENDING.includes(state)) return <StatusPending>{text}</StatusPending>;
  if (WARNING.includes(state)) return <StatusWarning>{text}</StatusWarning>;
  if (ERROR.includes(state)) return <StatusError>{text}</StatusError>;
  return <StatusAborted>{text}</StatusAborted>;
}
