import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseInput } from '@cellport/plugin-access-node';
import { PassThrough } from 'node:stream';
import { AppViews, podLogQuerySchema } from '../services/apps/AppViews';
import { sendSnapshot } from './snapshotResponse';
import { callerOf, CellsApiRouter } from './types';

/**
 * The read-only views of an app across its cells ({@link AppViews}): overview, events, a pod's
 * log (streamed as text) and what the caller may do.
 */
export function appViewsRoutes(
  router: CellsApiRouter,
  deps: { appViews: AppViews; httpAuth: HttpAuthService },
) {
  const { appViews } = deps;
  const caller = callerOf(deps.httpAuth);

  // serialized once per state, with an ETag: polling clients get 304 without a body
  router.get('/apps/:app/overview', async (req, res) => {
    const snapshot = await appViews.overviewSnapshot(
      await caller(req),
      req.params.app,
    );
    sendSnapshot(req, res, snapshot);
  });

  router.get('/apps/:app/events', async (req, res) => {
    res.json(await appViews.events(await caller(req), req.params.app));
  });

  router.get('/apps/:app/permissions', async (req, res) => {
    res.json(await appViews.permissions(await caller(req), req.params.app));
  });

  router.get('/apps/:app/cells/:cell/pods/:pod/log', async (req, res) => {
    const credentials = await caller(req);
    const query = parseInput(podLogQuerySchema, req.query);
    // the log is buffered here until the checks passed: errors still answer as JSON
    const body = new PassThrough();
    const stop = await appViews.streamPodLog(
      credentials,
      req.params.app,
      req.params.cell,
      req.params.pod,
      query,
      body,
    );
    res.status(200);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Accel-Buffering', 'no');
    // a reader that goes away stops the follow
    res.on('close', () => {
      stop();
      body.destroy();
    });
    res.on('error', stop);
    body.pipe(res);
  });
}
