/**
 * The loop of the permission matrix suites (matrix.test.ts: cells and registry;
 * matrix-extended.test.ts: slb, builds and observability): every route × every caller sent over
 * HTTP, its status compared with the expected ones, a non-member's answers checked to name no
 * seeded resource and to equal a missing resource's, and every answer checked for secrets.
 */
import { postgresConnectionString } from '../cells/harness';
import { authHeader, DatabaseChoice, ReliabilityBackend, serviceHeader } from './backend';
import { rawRequest } from './http';
import { routeKey } from './inventory';
import { Caller, CALLERS, identityOf, SERVICE } from './matrix';

/** SQLite, and PostgreSQL when the suite has one (CI must). */
export function matrixDatabases(): Array<[string, DatabaseChoice]> {
  const pg = postgresConnectionString();
  if (!pg && process.env.CI) {
    throw new Error(
      'CI requires PostgreSQL for the permission matrix (npm test sets BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING)',
    );
  }
  return [
    ['SQLite', { kind: 'sqlite' }],
    ...(pg ? [['PostgreSQL', { kind: 'postgres', connectionString: pg }] as [string, DatabaseChoice]] : []),
  ];
}

function headersOf(caller: Caller, path: string) {
  const identity = identityOf(caller);
  if (identity === SERVICE) {
    return serviceHeader(SERVICE, path.split('/')[2]);
  }
  return authHeader(identity);
}

/** A matrix request: the path with its parameters filled in, and a JSON body. */
export type MatrixRequest = { path: string; body?: string };

/** What one matrix suite checks. */
export interface MatrixSpec<R extends { method: string; path: string }> {
  routes: R[];
  /** False for the destructive cells the suite checks on resources of their own. */
  mayProbe(route: R, caller: Caller): boolean;
  expectedStatuses(route: R, caller: Caller): number[];
  /** The request of a route; `resource` replaces the seeded resource's name. */
  request(route: R, options: { refused: boolean; resource?: string }): MatrixRequest;
  /** The seeded resource a route's request names (undefined: the route names none). */
  resourceName(route: R, request: MatrixRequest): string | undefined;
  /** Texts that, in a non-member's successful answer, name a seeded resource. */
  seededNames: string[];
  /** `[kind, secret]`: no answer may hold one. */
  secrets: Array<[string, string]>;
  /** `${routeKey} ${kind}` of answers allowed to hold a secret (reported findings). */
  knownExposures?: Set<string>;
}

/** The findings of a matrix run and its figures. */
export interface MatrixResult {
  mismatches: string[];
  leaks: string[];
  checked: number;
  skipped: number;
}

/** Sends every route of the spec as every caller to the backend and collects the findings. */
export async function runMatrix<R extends { method: string; path: string }>(
  backend: ReliabilityBackend,
  spec: MatrixSpec<R>,
): Promise<MatrixResult> {
  const result: MatrixResult = { mismatches: [], leaks: [], checked: 0, skipped: 0 };
  const send = (route: R, caller: Caller, request: MatrixRequest) =>
    rawRequest(backend.url, {
      method: route.method,
      path: request.path,
      headers: {
        ...headersOf(caller, request.path),
        ...(request.body ? { 'content-type': 'application/json' } : {}),
      },
      body: request.body,
    });
  // an error message with the resource's name taken out
  const generic = (text: string, name: string) => text.split(name).join('<name>');
  for (const route of spec.routes) {
    for (const caller of CALLERS) {
      if (!spec.mayProbe(route, caller)) {
        result.skipped++;
        continue;
      }
      const expected = spec.expectedStatuses(route, caller);
      const refused = expected.every(s => s === 403 || s === 404);
      const request = spec.request(route, { refused });
      const res = await send(route, caller, request);
      result.checked++;
      if (!expected.includes(res.status)) {
        result.mismatches.push(
          `${routeKey(route)} as ${caller}: ${res.status} (expected ${expected.join(' or ')}) ${res.text.slice(0, 160)}`,
        );
      }
      // lists, counts and search answer a non-member as if the seeded resources did not exist
      const named = spec.seededNames.filter(n => res.text.includes(n));
      if (caller === 'non-member' && res.status < 300 && named.length) {
        result.leaks.push(`${routeKey(route)} shows a non-member ${named.join(', ')}`);
      }
      const name = caller === 'non-member' ? spec.resourceName(route, request) : undefined;
      if (name) {
        // a non-member learns nothing: the answer for an existing resource is the answer for
        // one that does not exist
        const other = await send(route, caller, spec.request(route, { refused, resource: 'no-such-thing' }));
        if (
          other.status !== res.status ||
          generic(other.json?.error?.message ?? '', 'no-such-thing') !== generic(res.json?.error?.message ?? '', name)
        ) {
          result.mismatches.push(
            `${routeKey(route)} tells a non-member the resource exists: ${res.status} ${res.json?.error?.message} vs ${other.status} ${other.json?.error?.message}`,
          );
        }
      }
      for (const [kind, secret] of spec.secrets) {
        if (secret && res.text.includes(secret) && !spec.knownExposures?.has(`${routeKey(route)} ${kind}`)) {
          result.leaks.push(`${routeKey(route)} as ${caller} holds a ${kind}`);
        }
      }
    }
  }
  return result;
}
