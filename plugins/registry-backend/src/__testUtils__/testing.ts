import crypto from 'node:crypto';
import express from 'express';
import { Knex } from 'knex';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { ImageTagPage } from '@cellport/plugin-registry-common';
import { NotFoundError } from '@backstage/errors';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogGroup, catalogUser, inMemorySqlite } from '@cellport/test-utils';
import {
  AccessService,
  CatalogClaimsResolver,
  CellportAccessPolicy,
} from '@cellport/plugin-access-node';
import { RegistryStore } from '../database/RegistryStore';
import { createRouter } from '../router';
import { Credentials } from '../services/Credentials';
import {
  createPolicyPermissions,
  RegistryAccess,
} from '../services/RegistryAccess';
import { RegistryApi } from '../services/RegistryClient';
import { RegistryEvents } from '../services/RegistryEvents';
import { JoseRegistryTokenIssuer } from '../services/TokenIssuer';
import { TokenAttemptLimiter } from '../services/TokenAttemptLimiter';
import { ImageGroupQuotas } from '../services/quota/ImageGroupQuotas';
import { PermissionsService } from '@backstage/backend-plugin-api';

/** A fresh RSA key pair as PEM (the public key stands in for the certificate). */
export function testKeyPair() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** An in-memory registry API with fixed tags per repository. */
export class FakeRegistry implements RegistryApi {
  tags = new Map<string, string[]>();
  deleted: string[] = [];
  async listTags(repository: string): Promise<ImageTagPage> {
    return {
      items: (this.tags.get(repository) ?? []).map(tag => ({
        tag,
        digest: `sha256:${tag}`,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        size: 1,
      })),
    };
  }
  async deleteTag(repository: string, tag: string) {
    const tags = this.tags.get(repository) ?? [];
    if (!tags.includes(tag)) throw new NotFoundError(`tag '${tag}' not found`);
    this.tags.set(repository, tags.filter(t => t !== tag));
    this.deleted.push(`${repository}:${tag}`);
    return `sha256:${tag}`;
  }
  async deleteRepository(repository: string) {
    this.tags.delete(repository);
  }
}

/** The test org: like the dev catalog (erin is a platform admin). */
export const testEntities: Entity[] = [
  catalogUser('alice'),
  catalogUser('bob'),
  catalogUser('carol'),
  catalogUser('dave'),
  catalogUser('erin', ['platform-admins']),
  catalogUser('frank'),
  catalogGroup('platform-admins'),
];

/**
 * An access service on `knex` deciding with the Cellport policy in process, as the token
 * endpoint does (platform admins: `group:default/platform-admins`).
 */
export async function createTestAccess(knex: Knex) {
  const catalog = catalogServiceMock({ entities: testEntities });
  const auth = mockServices.auth();
  const logger = mockServices.logger.mock();
  const policy = CellportAccessPolicy.create({
    claimsResolver: CatalogClaimsResolver.create({ catalog, auth, logger }),
    platformAdminGroup: 'group:default/platform-admins',
  });
  return AccessService.create({
    database: mockServices.database({ knex }),
    catalog,
    auth,
    permissions: createPolicyPermissions({ policy }),
    auditor: mockServices.auditor.mock(),
    logger,
    kinds: ['image-group', 'image-repository'],
  });
}

/** A user directory over a set the test can change (default: the test org). */
export class TestUsers {
  readonly refs = new Set(
    testEntities.filter(e => e.kind === 'User').map(e => `user:default/${e.metadata.name}`),
  );
  async exists(userRef: string) {
    return this.refs.has(userRef);
  }
}

/** An express app around the router with in-memory SQLite, mock auth and a fake registry. */
export async function createTestApp(
  options: {
    knex?: Knex;
    permissions?: PermissionsService;
    attemptLimiter?: TokenAttemptLimiter;
    robotServicePlugins?: string[];
  } = {},
) {
  const knex =
    options.knex ??
    inMemorySqlite();
  const keys = testKeyPair();
  const issuer = await JoseRegistryTokenIssuer.create({
    ...keys,
    issuer: 'cellport-token-issuer',
    service: 'cellport-registry',
    ttlSeconds: 60,
  });
  const accessService = await createTestAccess(knex);
  const store = await RegistryStore.create({ knex });
  const registry = new FakeRegistry();
  const logger = mockServices.logger.mock();
  const users = new TestUsers();
  const router = await createRouter({
    users,
    permissions: options.permissions ?? mockServices.permissions(),
    attemptLimiter: options.attemptLimiter,
    robotServicePlugins: options.robotServicePlugins,
    store,
    issuer,
    registry,
    accessService,
    access: RegistryAccess.create({ access: accessService }),
    credentials: Credentials.create({ store, maxLifetimeDays: 365 }),
    events: RegistryEvents.create({
      store,
      logger,
      access: accessService,
      auth: mockServices.auth(),
    }),
    httpAuth: mockServices.httpAuth({
      pluginId: 'registry',
      defaultCredentials: mockCredentials.none(),
    }),
    logger,
    service: 'cellport-registry',
    webhookSecret: 'hook-secret',
    registryHost: '127.0.0.1:5050',
    quotas: new ImageGroupQuotas({
      knex,
      catalog: catalogServiceMock({ entities: testEntities }),
      auth: mockServices.auth(),
    }),
  });
  const app = express();
  app.use(router);
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger,
    }).error(),
  );
  return { app, store, registry, keys, issuer, knex, accessService, users };
}
