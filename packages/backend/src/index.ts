/**
 * The Cellport backend: Backstage's new backend system with the core plugins and every Cellport
 * backend plugin. Adding a plugin is one `backend.add(import('...'))` line (see README).
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

/**
 * `CELLPORT_BACKEND_PLUGINS=none` starts the same backend without the Cellport plugins and modules
 * (test/bench/backend-footprint.mjs measures what they add). The Cellport permission policy stays: the
 * permission backend does not start without a policy, and an allow-all switch has no place here.
 */
const withCellport = process.env.CELLPORT_BACKEND_PLUGINS !== 'none';

/**
 * A named export of a dynamically imported package: on the module itself, or (the development
 * transform loads the TypeScript sources as CommonJS) on its `default`, the CommonJS exports.
 */
function namedExport<M extends { default: unknown }, K extends keyof M>(
  module: M,
  name: K,
): M[K] {
  return module[name] ?? (module.default as M)[name];
}

// serves the built frontend (packages/app/dist) on the backend's port
backend.add(import('@backstage/plugin-app-backend'));

// auth: guest for development, OIDC for signing in as a catalog User (dev provider or production IdP)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// publishing to a company's own git hosting (integrations.github / integrations.gitlab in app-config)
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
// Cellport template actions (local git publishing, catalog registration, image repository, builds,
// app, version, domain, alerts), run on behalf of the template's user
if (withCellport) {
  backend.add(import('@cellport/plugin-scaffolder-backend-module-cellport'));
}

// permissions: the Cellport policy (platform admins, entity owners)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@cellport/plugin-permission-backend-module-cellport'));

// search: Postgres engine when on PostgreSQL (falls back to the in-memory engine on SQLite)
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// events bus (lets several backend replicas share catalog and signal events)
backend.add(import('@backstage/plugin-events-backend'));

// notifications, signals (live updates) and user settings
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));

if (withCellport) {
  backend.add(import('@cellport/plugin-registry-backend'));
  backend.add(import('@cellport/plugin-cells-backend'));
  // builds: git -> Dockerfile -> image on the build agents registered in etcd
  backend.add(import('@cellport/plugin-builds-backend'));
  // dashboards from Prometheus, alert thresholds through Alertmanager to notifications
  backend.add(import('@cellport/plugin-observability-backend'));
  // the skywalking release gate (new version's instances: response time, SLA, call rate)
  backend.add(
    import('@cellport/plugin-observability-backend').then(m => ({
      default: namedExport(m, 'cellsModuleSkyWalkingGate'),
    })),
  );
  // load balancing: LB groups, domains, service discovery into Nginx; drain before delete for cells
  backend.add(import('@cellport/plugin-slb-backend'));
  backend.add(
    import('@cellport/plugin-slb-backend').then(m => ({
      default: namedExport(m, 'slbCellsTrafficModule'),
    })),
  );
}

backend.start();
