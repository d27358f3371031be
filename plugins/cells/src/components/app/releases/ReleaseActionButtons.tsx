import { useState } from 'react';
import type {
  Release,
  ReleaseActionRequest,
} from '@cellport/plugin-cells-common';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Tooltip,
} from '@material-ui/core';
import { releaseActionsFor } from './releaseActions';

/** Props of {@link ReleaseActionButtons}. */
export interface ReleaseActionButtonsProps {
  release: Release;
  /** The user may manage releases of the app. */
  canManage: boolean;
  busy?: boolean;
  onAction(request: ReleaseActionRequest): void;
}

/** The buttons for the actions that fit the release's state; abort asks for confirmation. */
export function ReleaseActionButtons(props: ReleaseActionButtonsProps) {
  const { release, busy } = props;
  const [confirmAbort, setConfirmAbort] = useState(false);
  const actions = releaseActionsFor(release, props.canManage);
  if (actions.length === 0) {
    return null;
  }
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      {actions.map(choice => {
        const key =
          choice.request.action === 'skip-cell'
            ? `skip-cell-${choice.request.cell}`
            : choice.request.action;
        const danger = choice.request.action === 'abort';
        return (
          <Tooltip key={key} title={choice.hint}>
            <span>
              <Button
                variant={danger ? 'outlined' : 'contained'}
                color={danger ? 'secondary' : 'primary'}
                size="small"
                disabled={busy}
                onClick={() =>
                  danger
                    ? setConfirmAbort(true)
                    : props.onAction(choice.request)
                }
              >
                {choice.label}
              </Button>
            </span>
          </Tooltip>
        );
      })}
      <Dialog open={confirmAbort} onClose={() => setConfirmAbort(false)}>
        <DialogTitle>Abort the release of {release.version}?</DialogTitle>
        <DialogContent>
          The cells this release touched go back to their stable version: the
          new pods leave the load balancers first, then scale to zero.
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmAbort(false)}>Cancel</Button>
          <Button
            color="secondary"
            variant="contained"
            onClick={() => {
              setConfirmAbort(false);
              props.onAction({ action: 'abort' });
            }}
          >
            Abort and roll back
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
