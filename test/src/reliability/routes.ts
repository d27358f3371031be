/**
 * The routes a running backend serves, read from its express router stack (express 4): every
 * `router.METHOD(path)` of every router, prefixed with the paths the routers are mounted at. This
 * is what the route inventory is checked against, so a route added to a plugin without being added
 * to the inventory fails the suite.
 */

/** One served route: method and path template (`/api/cells/apps/:app`). */
export interface ServedRoute {
  method: string;
  path: string;
}

/**
 * The path template of a mounted router's layer, from its regexp (express 4 keeps no string):
 * `/^\/apps\/(?:([^\/]+?))\/?(?=\/|$)/i` with keys [app] is `/apps/:app`.
 */
function mountPath(layer: any): string {
  if (layer.path !== undefined && typeof layer.path === 'string' && !layer.regexp) {
    return layer.path;
  }
  const source: string = layer.regexp?.source ?? '';
  if (layer.regexp?.fast_slash || source === '^\\/?(?=\\/|$)') {
    return '';
  }
  const keys: string[] = (layer.keys ?? []).map((k: { name: string }) => k.name);
  let next = 0;
  const template = source
    .replace(/^\^/, '')
    .replace(/\\\/\?\(\?=\\\/\|\$\)$/, '')
    // path-to-regexp 0.1.x: `(?:\/([^/]+?))` (newer) or `\/(?:([^\/]+?))` (older) per parameter
    .replace(/\(\?:\\\/\(\[\^\/\]\+\?\)\)/g, () => `/:${keys[next++]}`)
    .replace(/\(\?:\(\[\^\\\/\]\+\?\)\)/g, () => `:${keys[next++]}`)
    .replace(/\\\//g, '/')
    .replace(/\\\./g, '.')
    .replace(/\\-/g, '-');
  if (/[\\()[\]?*+^$]/.test(template)) {
    throw new Error(`cannot read the mount path of /${source}/`);
  }
  return template;
}

/** Every route below `stack` (a router's layers), with `prefix` before its paths. */
export function routesOf(stack: any[], prefix = ''): ServedRoute[] {
  const out: ServedRoute[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths: string[] = Array.isArray(layer.route.path)
        ? layer.route.path
        : [layer.route.path];
      for (const p of paths) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          const full = `${prefix}${p}`;
          out.push({
            method: method.toUpperCase(),
            path: full.length > 1 ? full.replace(/\/$/, '') : full,
          });
        }
      }
    } else if (layer.handle?.stack) {
      out.push(...routesOf(layer.handle.stack, `${prefix}${mountPath(layer)}`));
    }
  }
  return out;
}

/** The routes of an express app below `/api/<plugin>` for the given plugins, sorted, unique. */
export function servedRoutes(app: any, plugins: readonly string[]): ServedRoute[] {
  const stack = app._router?.stack ?? app.stack;
  if (!stack) {
    throw new Error('not an express 4 app: no router stack');
  }
  const seen = new Set<string>();
  return routesOf(stack)
    .filter(r => plugins.some(p => r.path.startsWith(`/api/${p}/`)))
    .filter(r => {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
