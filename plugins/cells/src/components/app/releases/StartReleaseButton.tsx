import { Box, Button, Typography } from '@material-ui/core';

/** Props of {@link StartReleaseButton}. */
export interface StartReleaseButtonProps {
  /** Why no release can start now (a live one holds the app): the button is disabled and says why. */
  blockedReason?: string;
  onClick(): void;
}

/** "Start release", disabled with its reason shown beside it while another release is live. */
export function StartReleaseButton(props: StartReleaseButtonProps) {
  const { blockedReason } = props;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      {blockedReason && (
        <Typography
          variant="caption"
          color="textSecondary"
          data-testid="start-release-blocked-reason"
          style={{ maxWidth: 320 }}
        >
          {blockedReason}
        </Typography>
      )}
      <Button
        variant="contained"
        color="primary"
        onClick={props.onClick}
        disabled={Boolean(blockedReason)}
      >
        Start release
      </Button>
    </Box>
  );
}
