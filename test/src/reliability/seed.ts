/**
 * The world the fuzzer and the permission matrix work on, made through the API as a user would:
 * an app `shop` in both cells with a running version, an image group `team` with a repository
 * `team/app` and a robot `ci`, and a personal access token; on each resource every role of
 * {@link PEOPLE} is held by its person (the owner created them).
 */
import { versionSpec } from '../cells/api';
import { authHeader, PEOPLE, ReliabilityBackend } from './backend';
import { rawRequest } from './http';

/** Names of the seeded resources, by path parameter. */
export const SEEDED: Record<string, string> = {
  app: 'shop',
  version: 'v1',
  cell: 'rel-1',
  name: 'app',
  group: 'team',
  robot: 'ci',
  member: PEOPLE.guest,
};

/** What the seeding answered that later requests need. */
export interface Seeded {
  /** Path parameter values (release id, token id added to {@link SEEDED}). */
  params: Record<string, string>;
  /** Secrets the API showed once, at creation: no other answer may hold them. */
  secrets: string[];
}

/** A JSON API call that must answer `status`. */
export async function call(
  backend: ReliabilityBackend,
  caller: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  status?: number,
): Promise<any> {
  const res = await rawRequest(backend.url, {
    method,
    path,
    headers: {
      ...authHeader(caller),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (status !== undefined && res.status !== status) {
    throw new Error(`${method} ${path} as ${caller}: expected ${status}, got ${res.status}: ${res.text.slice(0, 300)}`);
  }
  return res.json;
}

/** Creates the seeded resources; the owner is {@link PEOPLE.owner}. */
export async function seed(backend: ReliabilityBackend): Promise<Seeded> {
  const owner = PEOPLE.owner;
  const roles = ['master', 'developer', 'reporter', 'guest'] as const;
  await call(backend, owner, 'POST', '/api/cells/apps', {
    name: 'shop',
    production: true,
    cells: ['rel-1', 'rel-2'],
  }, 201);
  for (const role of roles) {
    await call(backend, owner, 'POST', '/api/cells/apps/shop/members', { member: PEOPLE[role], role }, 201);
  }
  await call(backend, owner, 'POST', '/api/cells/apps/shop/versions', {
    name: 'v1',
    spec: versionSpec({ 'rel-1': 1, 'rel-2': 1 }),
  }, 201);
  await call(backend, owner, 'POST', '/api/registry/groups', { name: 'team' }, 201);
  await call(backend, owner, 'POST', '/api/registry/groups/team/repositories', { name: 'app' }, 201);
  for (const role of roles) {
    // image-group roles apply to the group's repositories
    await call(backend, owner, 'POST', '/api/registry/groups/team/members', { member: PEOPLE[role], role }, 201);
  }
  const robot = await call(backend, owner, 'POST', '/api/registry/groups/team/robots', {
    name: 'ci',
    scopes: [{ repository: 'app', actions: ['pull'] }],
  }, 201);
  const token = await call(backend, owner, 'POST', '/api/registry/tokens', { name: 'ci', expiresInDays: 1 }, 201);
  return { params: { ...SEEDED, id: token.id }, secrets: [token.token, robot.secret] };
}
