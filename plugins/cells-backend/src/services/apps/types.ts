import { LoggerService, PermissionsService } from '@backstage/backend-plugin-api';
import type { AccessService } from '@cellport/plugin-access-node';
import { CellStatus } from '@cellport/plugin-cells-common';
import { CellSupplier } from '@cellport/plugin-cells-node';
import type { Request } from 'express';
import { AppListing, AppStore } from '../../database/types';
import { CellDiagnostics, CellWorkloads } from '../kube/types';
import type { AppQuotaChecks } from '../quota/QuotaService';
import type { OperationRecorder } from '../admin/OperationsReport';
import { AppReferences } from './AppReferences';
import type { ImageAccessCheck } from './ImageAccess';
import { PullCredentialsProvider } from './PullCredentials';

/**
 * The part of the access library's AccessService the app services use (a test may fake it).
 *
 * @public
 */
export type AppAccess = Pick<
  AccessService,
  | 'authorize'
  | 'isAllowed'
  | 'getListFilter'
  | 'registerResource'
  | 'unregisterResource'
>;

/**
 * Checks other parts of the plugin make before an app or version goes away (e.g. the release
 * engine refuses while a release uses them): throw a ConflictError to refuse.
 *
 * @public
 */
export interface AppGuards {
  beforeDeleteApp?(app: string): Promise<void>;
  /** Called once the app is gone from every cell and the store, to forget what belongs to it. */
  afterDeleteApp?(app: string): Promise<void>;
  beforeRemoveVersion?(app: string, version: string): Promise<void>;
}

/**
 * Options of {@link AppService.create}: what the app, version and scaling services share.
 *
 * @public
 */
export interface AppServiceOptions {
  store: AppStore & AppListing;
  workloads: CellWorkloads & CellDiagnostics;
  cells: CellSupplier;
  access: AppAccess;
  /** Decides the (non-resource) create permission. */
  permissions: PermissionsService;
  logger: LoggerService;
  guards?: AppGuards;
  /** The image pull secrets of apps with an image repository; none without it. */
  pullCredentials?: PullCredentialsProvider;
  /** Checks componentRef and imageRepository; without it they are stored as given. */
  references?: AppReferences;
  /** Checks the version creator's pull right on its image; without it images are not checked. */
  imageAccess?: ImageAccessCheck;
  /** A cell's last status (its nodes' allocatable capacity); without it versions are not sized. */
  cellStatus?(cell: string): Promise<CellStatus | undefined>;
  /** Quotas per owner group, checked before apps, deploys and scalings; none without it. */
  quota?: AppQuotaChecks;
  /** Records deploys and scalings for the admin view; nothing recorded without it. */
  operations?: OperationRecorder;
}

/** Options every change accepts: the request, for the audit log. */
export type ChangeOptions = { request?: Request<any, any, any, any, any> };

/** The access resource of an app. */
export const appRef = (name: string) => ({ kind: 'app' as const, name });
