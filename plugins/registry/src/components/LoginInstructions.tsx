import { InfoCard } from '@backstage/core-components';
import { Box, makeStyles, Typography } from '@material-ui/core';
import { CommandLine } from './CommandLine';
import {
  isLoopbackHost,
  loginCommand,
  REGISTRY_TOOLS,
  trustPlainHttp,
} from './loginCommands';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns: '5rem minmax(0, 1fr)',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  file: {
    margin: 0,
    padding: theme.spacing(1),
    overflowX: 'auto',
    background: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
    fontSize: '0.85rem',
  },
}));

/**
 * The exact login lines for docker, podman, skopeo and buildah, and how each trusts a registry
 * served over plain HTTP (the local development registry on loopback is).
 */
export function LoginInstructions(props: { host: string; username: string }) {
  const classes = useStyles();
  const { host, username } = props;
  const plainHttp = isLoopbackHost(host);
  return (
    <InfoCard
      title="Log in to the registry"
      subheader={`User name ${username}, password: a personal access token (paste it when asked, or pipe it in)`}
    >
      {REGISTRY_TOOLS.map(tool => (
        <div key={tool} className={classes.row}>
          <Typography variant="body2">
            <b>{tool}</b>
          </Typography>
          <CommandLine
            command={loginCommand(tool, host, username, plainHttp)}
            testId={`${tool}-login`}
          />
        </div>
      ))}
      <Box mt={2} data-testid="plain-http-trust">
        <Typography variant="subtitle2">
          {plainHttp
            ? `${host} is a local registry served over plain HTTP: trust it once per machine`
            : 'If your registry is served over plain HTTP, trust it once per machine'}
        </Typography>
        {trustPlainHttp(host).map(entry => (
          <Box key={entry.file} mt={1}>
            <Typography variant="body2">
              {entry.tools}: <code>{entry.file}</code>
            </Typography>
            <pre className={classes.file}>{entry.content}</pre>
            <Typography variant="caption">{entry.note}</Typography>
          </Box>
        ))}
      </Box>
    </InfoCard>
  );
}
