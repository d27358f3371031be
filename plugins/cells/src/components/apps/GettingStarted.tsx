import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Button, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { cellsApiRef } from '../../api';

/** An image any simulated cell runs (the Kubernetes e2e test image the simulator stands in for). */
export const SIMULATED_IMAGE = 'registry.k8s.io/e2e-test-images/agnhost:2.47';

/**
 * Onboarding for a user without apps: how the first app is deployed, and which image to use here
 * (simulated cells run any image; real cells pull it from the registry).
 */
export function GettingStarted(props: { onCreate(): void }) {
  const api = useApi(cellsApiRef);
  const regions = useAsync(() => api.listRegions(), [api]);
  const simulated = (regions.value ?? [])
    .flatMap(r => r.cells)
    .filter(c => c.simulated)
    .map(c => c.name);
  return (
    <Box mb={2} data-testid="getting-started">
      <InfoCard title="Deploy your first app">
        <Typography variant="body2" component="div">
          <ol style={{ marginTop: 0, paddingLeft: 20 }}>
            <li>
              <strong>Create an app</strong>: a name (it becomes the namespace
              in every cell), the cells of one region it runs in — at least two
              for a production app — and, optionally, its catalog component and
              image repository.
            </li>
            <li>
              <strong>New version</strong>: the image, replicas per cell,
              resources and the health check path. The first version goes
              straight to the app&apos;s cells.
            </li>
            <li>
              <strong>Start release</strong> for every later version: a one-pod
              canary in the first cell, checked for readiness, restarts and its
              error ratio, then every cell. A failing gate rolls the canary back
              by itself.
            </li>
          </ol>
        </Typography>
        <Typography variant="subtitle2">Which image?</Typography>
        {simulated.length > 0 ? (
          <Typography variant="body2" data-testid="simulated-image-hint">
            The cells {simulated.join(', ')} are simulated: they pull nothing
            and run the simulated app whatever the image, so any reference
            works, e.g. <code>{SIMULATED_IMAGE}</code>. Give a version the
            environment variable <code>SIM_FAIL_RATE=0.5</code> to make it
            answer half its requests with 500 and watch a release roll it back.
          </Typography>
        ) : (
          <Typography variant="body2">
            An image the cells can pull: push it to the portal&apos;s registry
            (Registry page, credentials) and name that repository as the
            app&apos;s image repository: New version then offers its tags.
          </Typography>
        )}
        <Box mt={2}>
          <Button variant="contained" color="primary" onClick={props.onCreate}>
            Create your first app
          </Button>
        </Box>
      </InfoCard>
    </Box>
  );
}
