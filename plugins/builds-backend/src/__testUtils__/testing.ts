import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AccessService,
  CellportAccessPolicy,
} from '@cellport/plugin-access-node';
import { AgentRegistration, BuildTask } from '@cellport/plugin-builds-common';
import {
  catalogUser,
  inMemorySqlite,
  policyPermissions,
} from '@cellport/test-utils';
import express from 'express';
import { Knex } from 'knex';
import { BuildsStore } from '../database/BuildsStore';
import { createRouter } from '../router/createRouter';
import { AgentDirectory, ReceivedReport } from '../services/AgentDirectory';
import { BuildConfigService } from '../services/BuildConfigService';
import { BuildDispatcher } from '../services/BuildDispatcher';
import { BuildService } from '../services/BuildService';
import { SecretBox } from '../services/SecretBox';

/** The test org. */
export const testEntities: Entity[] = ['alice', 'bob', 'carol', 'dave'].map(
  name => catalogUser(name),
);

/** An in-memory {@link AgentDirectory}: agents, task keys, tokens and reports. */
export class FakeDirectory implements AgentDirectory {
  agents = new Map<string, AgentRegistration>();
  tasks = new Map<string, BuildTask>();
  tokens = new Map<string, string>();
  reports: ReceivedReport[] = [];
  private seq = 0;

  addAgent(host: string, capacity = 2) {
    this.agents.set(host, {
      host,
      capacity,
      running: 0,
      cacheBytes: 0,
      startedAt: new Date().toISOString(),
    });
  }
  async liveAgents() {
    return [...this.agents.values()];
  }
  async putTask(host: string, task: BuildTask) {
    this.tasks.set(`${host}/${task.buildId}`, task);
  }
  async deleteTask(host: string, buildId: string) {
    this.tasks.delete(`${host}/${buildId}`);
  }
  async taskExists(host: string, buildId: string) {
    return this.tasks.has(`${host}/${buildId}`);
  }
  async putPushToken(buildId: string, attempt: number, token: string) {
    this.tokens.set(`${buildId}/${attempt}`, token);
  }
  /** Adds a report as the agent of `task` would. */
  report(task: BuildTask, report: ReceivedReport['report']) {
    const seq = this.seq++;
    this.reports.push({
      key: `${task.buildId}/${task.attempt}/${String(seq).padStart(9, '0')}`,
      buildId: task.buildId,
      attempt: task.attempt,
      seq,
      report,
    });
  }
  async readReports(limit: number) {
    return this.reports.slice(0, limit);
  }
  async deleteReports(keys: string[]) {
    this.reports = this.reports.filter(r => !keys.includes(r.key));
  }
  async watch() {}
  async close() {}
  /** The task of a build on whichever agent has it. */
  taskOf(buildId: string): { host: string; task: BuildTask } | undefined {
    for (const [key, task] of this.tasks) {
      if (task.buildId === buildId) return { host: key.split('/')[0], task };
    }
    return undefined;
  }
}

/**
 * Permissions as the portal decides them, except that pushing to an image repository (decided by
 * the registry plugin in the portal) is allowed exactly for `pushers[repository]`.
 */
function testPermissions(
  pushers: Record<string, string[]>,
): PermissionsService {
  const policy = CellportAccessPolicy.create({
    claimsResolver: { resolveClaims: async ref => [ref] },
  });
  const base = policyPermissions({ policy, otherwise: AuthorizeResult.DENY });
  return {
    ...base,
    async authorize(requests, options) {
      return Promise.all(
        requests.map(async r => {
          if (r.permission.name === 'cellport.image-repository.push') {
            const repo = String((r as any).resourceRef).replace(
              'image-repository:',
              '',
            );
            const principal = (options as any).credentials.principal;
            return {
              result: (pushers[repo] ?? []).includes(principal.userEntityRef)
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            };
          }
          return (await base.authorize([r], options))[0];
        }),
      ) as any;
    },
  };
}

/** The builds router and dispatcher on in-memory SQLite, mock auth and a fake agent directory. */
export async function createTestBuilds(
  options: { knex?: Knex; pushers?: Record<string, string[]> } = {},
) {
  const knex = options.knex ?? inMemorySqlite();
  const permissions = testPermissions(
    options.pushers ?? { 'team/app': ['user:default/alice'] },
  );
  const logger = mockServices.logger.mock();
  const auth = mockServices.auth();
  const access = await AccessService.create({
    database: mockServices.database({ knex }),
    catalog: catalogServiceMock({ entities: testEntities }),
    auth,
    permissions,
    auditor: mockServices.auditor.mock(),
    logger,
    kinds: ['build-config'],
  });
  const store = await BuildsStore.create({ knex });
  const directory = new FakeDirectory();
  const configs = BuildConfigService.create({
    store,
    access,
    permissions,
    secrets: new SecretBox('test-secret-key-0123456789'),
    externalBaseUrl: async () => 'http://portal.test/api/builds',
  });
  const minted: Array<{ repository: string; build: string }> = [];
  const dispatcher = new BuildDispatcher({
    store,
    configs,
    directory,
    pushTokens: {
      async mint(repository, build) {
        minted.push({ repository, build });
        return { token: `token-for-${build}`, expiresIn: 300 };
      },
    },
    access,
    auth,
    logger,
    registry: { host: '127.0.0.1:5050', insecure: true },
  });
  const builds = BuildService.create({
    store,
    configs,
    access,
    auth,
    logger,
    wake: () => {},
    cancelTask: (agent, id) => directory.deleteTask(agent, id),
  });
  const app = express();
  app.use(
    await createRouter({
      configs,
      builds,
      access,
      directory,
      httpAuth: mockServices.httpAuth({
        pluginId: 'builds',
        defaultCredentials: mockCredentials.none(),
      }),
      registryHost: '127.0.0.1:5050',
    }),
  );
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger,
    }).error(),
  );
  return { app, store, directory, dispatcher, minted, knex };
}

/** The Authorization header of a test user. */
export const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
