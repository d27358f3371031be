import {
  Content,
  EmptyState,
  LinkButton,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { errorMessage, errorStatus } from '@cellport/plugin-access-react';
import type { Build, BuildState } from '@cellport/plugin-builds-common';
import { Chip, Typography } from '@material-ui/core';

const COLORS: Record<BuildState, string> = {
  queued: '#757575',
  running: '#1565c0',
  succeeded: '#2e7d32',
  failed: '#c62828',
  cancelled: '#6d4c41',
};

/** A build's state as a colored chip. */
export function BuildStateChip(props: { state: BuildState }) {
  return (
    <Chip
      size="small"
      label={props.state}
      data-testid={`build-state-${props.state}`}
      style={{ backgroundColor: COLORS[props.state], color: '#fff' }}
    />
  );
}

/** `1 min 05 s`, `850 ms`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** How long a build ran (so far, when it runs). */
export function buildDuration(
  build: Build,
  now = Date.now(),
): number | undefined {
  if (!build.startedAt) return undefined;
  const end = build.finishedAt ? Date.parse(build.finishedAt) : now;
  return end - Date.parse(build.startedAt);
}

/** Who or what started a build. */
export function describeTrigger(build: Build): string {
  const t = build.trigger;
  if (t.type === 'webhook')
    return `${t.platform} push${t.pusher ? ` by ${t.pusher}` : ''}`;
  if (t.type === 'retry') return `retry after ${t.previousAgent}`;
  return 'started by hand';
}

/** A page that could not be loaded: not found (with the server's message) or the server's error. */
export function LoadError(props: {
  error: Error;
  what: string;
  backTo: string;
}) {
  if (errorStatus(props.error) === 404) {
    return (
      <Content>
        <EmptyState
          missing="content"
          title={`${props.what} not found`}
          description={
            <Typography variant="body1" component="span">
              {errorMessage(props.error)}. It does not exist, or you are not one
              of its members: ask its Owner to add you.
            </Typography>
          }
          action={
            <LinkButton variant="contained" color="primary" to={props.backTo}>
              Back to build configs
            </LinkButton>
          }
        />
      </Content>
    );
  }
  return (
    <Content>
      <ResponseErrorPanel
        error={props.error}
        title={`${props.what} could not be loaded: ${errorMessage(
          props.error,
        )}`}
      />
    </Content>
  );
}
