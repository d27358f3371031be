import fs from 'node:fs';
import path from 'node:path';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AccessService } from '@cellport/plugin-access-node';
import { Knex } from 'knex';
import { RegistryStore } from '../database/RegistryStore';
import { Credentials } from './Credentials';
import { RegistryAccess } from './RegistryAccess';
import { RegistryHttpClient } from './RegistryClient';
import { RegistryEvents } from './RegistryEvents';
import { JoseRegistryTokenIssuer } from './TokenIssuer';
import { TokenUseRecorder } from './TokenUseRecorder';

/** Shortest registry token lifetime: the token spec's floor, "never less than 60 seconds". */
export const MIN_REGISTRY_TOKEN_TTL_SECONDS = 60;
/** Longest registry token lifetime allowed in config. */
export const MAX_REGISTRY_TOKEN_TTL_SECONDS = 300;

function readFile(file: string, key: string): string {
  try {
    return fs.readFileSync(path.resolve(file), 'utf8');
  } catch (e) {
    // the file as configured, not its absolute path: this message reaches HTTP answers (503)
    throw new Error(
      `${key}: cannot read '${file}' (${
        (e as NodeJS.ErrnoException).code ?? 'unreadable'
      }); start the registry with scripts/infra.sh start registry, which generates it`,
    );
  }
}

/**
 * Reads `registry.*` config and builds the registry plugin's services.
 *
 * @public
 */
export async function createRegistryServices(deps: {
  config: Config;
  knex: Knex;
  logger: LoggerService;
  /** Members and roles of image groups and repositories (migrated before the registry tables). */
  access: AccessService;
  auth: AuthService;
}) {
  const c = deps.config.getConfig('registry');
  const url = c.getString('url');
  const service = c.getOptionalString('service') ?? 'cellport-registry';
  const issuerName = c.getOptionalString('issuer') ?? 'cellport-token-issuer';
  const ttlSeconds =
    c.getOptionalNumber('tokenTtlSeconds') ?? MIN_REGISTRY_TOKEN_TTL_SECONDS;
  if (
    !Number.isInteger(ttlSeconds) ||
    ttlSeconds < MIN_REGISTRY_TOKEN_TTL_SECONDS ||
    ttlSeconds > MAX_REGISTRY_TOKEN_TTL_SECONDS
  ) {
    throw new Error(
      `registry.tokenTtlSeconds must be a whole number from ${MIN_REGISTRY_TOKEN_TTL_SECONDS} to ${MAX_REGISTRY_TOKEN_TTL_SECONDS}`,
    );
  }
  const webhookSecretFile = c.getOptionalString('webhookSecretFile');
  let webhookSecret = c.getOptionalString('webhookSecret');
  if (!webhookSecret && webhookSecretFile) {
    webhookSecret = readFile(webhookSecretFile, 'registry.webhookSecretFile').trim();
  }
  if (!webhookSecret) {
    deps.logger.warn(
      'registry.webhookSecretFile is not set: registry notifications are refused, activity shows portal actions only',
    );
  }
  const issuer = await JoseRegistryTokenIssuer.create({
    keyPem: readFile(c.getString('tokenKeyFile'), 'registry.tokenKeyFile'),
    certPem: readFile(c.getString('tokenCertFile'), 'registry.tokenCertFile'),
    issuer: issuerName,
    service,
    ttlSeconds,
  });
  const store = await RegistryStore.create({ knex: deps.knex });
  return {
    store,
    issuer,
    service,
    webhookSecret,
    registryHost: c.getOptionalString('host') ?? new URL(url).host,
    access: RegistryAccess.create({ access: deps.access }),
    credentials: Credentials.create({
      store,
      maxLifetimeDays: c.getOptionalNumber('maxTokenLifetimeDays') ?? 365,
      uses: new TokenUseRecorder({
        touch: ids => store.tokens.touchTokens(ids),
        logger: deps.logger,
      }),
    }),
    registry: RegistryHttpClient.create({ baseUrl: url, issuer }),
    events: RegistryEvents.create({
      store,
      logger: deps.logger,
      access: deps.access,
      auth: deps.auth,
    }),
  };
}
