/** The options and list filter type of {@link AccessService}. */
import {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ResourceKind } from '@cellport/plugin-access-common';
import type { Request } from 'express';
import { Knex } from 'knex';
import type { AccessService } from './AccessService';

/**
 * Options of {@link AccessService.create}: the plugin's own core services.
 *
 * @public
 */
export type AccessServiceOptions = {
  /** The plugin database; the access tables are migrated into it. */
  database: DatabaseService;
  /** Used to check that members exist (`catalogServiceRef` from `@backstage/plugin-catalog-node`). */
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  /** When given, the kinds' resource types, rules and permissions are registered in it. */
  permissionsRegistry?: PermissionsRegistryService;
  auditor: AuditorService;
  logger: LoggerService;
  /** The kinds this plugin owns, e.g. `['app']` or `['image-group', 'image-repository']`. */
  kinds: ResourceKind[];
  /** Register the admin view permission too (one plugin should). */
  includeAdminView?: boolean;
};

/**
 * Options accepted by every change: the HTTP request that caused it, for the audit log.
 *
 * @public
 */
export type AccessChangeOptions = {
  request?: Request<any, any, any, any, any>;
};

/**
 * Narrows list queries to the resources a caller may see (or act on). Obtained from
 * {@link AccessService.getListFilter}.
 *
 * @public
 */
export type AccessListFilter = {
  /** `all` when every resource passes, `none` when none does, else `conditional`. */
  readonly kind: 'all' | 'none' | 'conditional';
  /**
   * Adds the filter to a query of the plugin's own table, e.g.
   * `filter.apply(knex('apps'), 'apps.name')`. The table must live in the plugin database.
   */
  apply(query: Knex.QueryBuilder, nameColumn: string): Knex.QueryBuilder;
};
