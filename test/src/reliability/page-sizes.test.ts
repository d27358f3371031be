/**
 * Every list route takes a page size: a GET that answers many things (a path not ending in one
 * resource's parameter) must take `limit` (and a cursor, the contract of @cellport/common's
 * pagination), unless it is one of the routes below, each bounded by something other than users'
 * data, with the reason. A list route added without pagination fails here; the fuzz suites then send
 * it page sizes out of range.
 */
import { EXTENDED_PLUGINS } from './extended';
import { pageSizeFigures } from './fuzzRoute';
import { INVENTORY } from './inventory';
import { extendedInventory } from './inventoryExtended';

const BOUNDED: Record<string, string> = {
  '/api/cells/regions': 'the regions in configuration',
  '/api/cells/gate-sources': 'the gate sources in configuration',
  '/api/cells/scaling/cells': 'one entry per cell',
  '/api/cells/traffic-shares': "one entry per app with a live release, read whole by the LB plugin's discovery",
  '/api/cells/apps/:app/overview': "one app's versions and pods per cell",
  '/api/cells/apps/:app/events': "the newest 500 Kubernetes events of one app's namespaces",
  '/api/cells/apps/:app/permissions': "the caller's permissions on one app",
  '/api/cells/apps/:app/cells/:cell/pods/:pod/log': "one pod's log, bounded by tailLines and limitBytes",
  '/api/cells/apps/:app/releases/:id/events': "one release's timeline, read on with `after`",
  '/api/cells/admin/operations': 'one entry per day over 30 days',
  '/api/cells/admin/capacity': 'one entry per cell',
  '/api/cells/admin/quotas': 'one entry per owner group with a quota set (platform admins only)',
  '/api/registry/token': 'not a list: the Docker token endpoint',
  '/api/registry/admin/operations': 'one entry per day over 30 days',
  '/api/registry/admin/quotas': 'one entry per owner group with a quota set (platform admins only)',
  '/api/slb/groups': 'the LB groups in configuration',
  '/api/slb/admin/special-configs': 'domains with special Nginx directives, set by platform admins only',
  '/api/builds/configs/:name/webhooks': 'one entry per git platform',
  '/api/builds/configs/:name/builds/:number/log': "one build's log",
  '/api/builds/admin/operations': 'one entry per day over 30 days',
  '/api/observability/apps/:app/dashboard': "one app's panels",
  '/api/observability/apps/:app/skywalking/topology': "one app's service topology",
  '/api/observability/apps/:app/skywalking/endpoints': "one app service's endpoints, as SkyWalking pages them",
};

describe('page sizes', () => {
  it('every list route takes a limit, or is bounded by something other than users\' data', () => {
    const routes = [...INVENTORY, ...extendedInventory(EXTENDED_PLUGINS)];
    const { withoutPageSize } = pageSizeFigures(routes);
    expect(withoutPageSize.filter(path => !(path in BOUNDED))).toEqual([]);
    // an exemption for a route that is gone or now pages is stale
    const listGets = new Set(routes.filter(r => r.method === 'GET').map(r => r.path));
    expect(Object.keys(BOUNDED).filter(path => !listGets.has(path) || !withoutPageSize.includes(path))).toEqual([]);
  });
});
