import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { parseRepositoryName } from '@cellport/plugin-registry-common';

/**
 * Checks what an app points at before it is stored: its catalog Component and its image
 * repository. Each check throws InputError with a message saying what to fix, or
 * ServiceUnavailableError when the system to ask did not answer (nothing is stored then).
 *
 * @public
 */
export interface AppReferences {
  /**
   * The canonical ref (`component:<namespace>/<name>`) of a Component the caller can see in the
   * catalog. Accepts `name`, `namespace/name` and `component:namespace/name`.
   */
  checkComponentRef(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<string>;
  /** The image repository (`group/name`) exists in the registry and the caller may see it. */
  checkImageRepository(
    repository: string,
    credentials: BackstageCredentials,
  ): Promise<void>;
}

/**
 * Options of {@link CatalogRegistryReferences.create}.
 *
 * @public
 */
export interface CatalogRegistryReferencesOptions {
  catalog: CatalogService;
  discovery: DiscoveryService;
  auth: AuthService;
  /** The registry is asked only when `registry.url` is configured (the registry plugin runs). */
  config: RootConfigService;
  /** Bound of each request; default 10 s. */
  timeoutMs?: number;
}

const { isValidObjectName, isValidNamespace } = KubernetesValidatorFunctions;

/** Parses a component reference strictly; InputError saying which form is expected. */
export function parseComponentRef(ref: string): string {
  const expected = `use a catalog Component reference such as 'component:default/payments-api' or 'payments-api'`;
  let parsed;
  try {
    parsed = parseEntityRef(ref.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `componentRef '${ref}' is not an entity reference: ${expected}`,
    );
  }
  if (
    !isValidNamespace(parsed.namespace.toLocaleLowerCase('en-US')) ||
    !isValidObjectName(parsed.name)
  ) {
    throw new InputError(
      `componentRef '${ref}' is not an entity reference: ${expected}`,
    );
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'component') {
    throw new InputError(
      `componentRef '${ref}' names a ${parsed.kind}, not a Component: ${expected}`,
    );
  }
  return stringifyEntityRef({
    kind: 'component',
    namespace: parsed.namespace,
    name: parsed.name,
  }).toLocaleLowerCase('en-US');
}

/**
 * {@link AppReferences} against the Backstage catalog (as the caller, so that what they may not
 * see does not exist for them) and the Cellport registry plugin (on behalf of the caller).
 *
 * @public
 */
export class CatalogRegistryReferences implements AppReferences {
  static create(options: CatalogRegistryReferencesOptions) {
    return new CatalogRegistryReferences(options);
  }

  private constructor(
    private readonly options: CatalogRegistryReferencesOptions,
  ) {}

  async checkComponentRef(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<string> {
    const canonical = parseComponentRef(ref);
    let entity;
    try {
      entity = await this.options.catalog.getEntityByRef(canonical, {
        credentials,
      });
    } catch (e) {
      throw new ServiceUnavailableError(
        `could not look ${canonical} up in the catalog (${errorText(
          e,
        )}); nothing was changed, try again`,
      );
    }
    if (!entity) {
      throw new InputError(
        `componentRef: there is no Component ${canonical} in the catalog (or you may not see it); register it first, or leave the field empty`,
      );
    }
    return canonical;
  }

  async checkImageRepository(
    repository: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const parsed = parseRepositoryName(repository);
    if ('error' in parsed) {
      throw new InputError(`imageRepository: ${parsed.error}`);
    }
    if (!this.options.config.getOptionalString('registry.url')) {
      return; // no registry plugin here: nothing to check against
    }
    const { discovery, auth } = this.options;
    let status: number;
    let message: string | undefined;
    try {
      const baseUrl = await discovery.getBaseUrl('registry');
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'registry',
      });
      const res = await fetch(
        `${baseUrl}/repositories/${encodeURIComponent(
          parsed.group,
        )}/${encodeURIComponent(parsed.name)}`,
        {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        },
      );
      status = res.status;
      if (!res.ok) {
        const body = (await res.json().catch(() => undefined)) as
          | { error?: { message?: string } }
          | undefined;
        message = body?.error?.message;
      }
    } catch (e) {
      throw new ServiceUnavailableError(
        `could not check image repository '${repository}' in the registry (${errorText(
          e,
        )}); nothing was changed, try again`,
      );
    }
    if (status < 300) {
      return;
    }
    if (status === 404 || status === 403) {
      throw new InputError(
        `imageRepository: there is no image repository '${repository}' in the registry (or you may not see it); create it there first, or leave the field empty`,
      );
    }
    if (status === 400) {
      throw new InputError(`imageRepository: ${message ?? 'invalid name'}`);
    }
    throw new ServiceUnavailableError(
      `could not check image repository '${repository}' in the registry (HTTP ${status}${
        message ? `: ${message}` : ''
      }); nothing was changed, try again`,
    );
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
