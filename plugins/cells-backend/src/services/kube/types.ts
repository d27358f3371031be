import type { Writable } from 'node:stream';
import {
  AppEvent,
  CellVersionStatus,
  PodSummary,
  VersionSpec,
} from '@cellport/plugin-cells-common';

/**
 * The labels every object Cellport applies carries.
 *
 * @public
 */
export const CELLPORT_LABELS = {
  /** The app (also the namespace). The app's Service selects on it. */
  app: 'cellport.io/app',
  /** The version of a Deployment, its pods and HPA. */
  version: 'cellport.io/version',
  /** Always `cellport`. */
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

/** The field manager of every server-side apply. */
export const FIELD_MANAGER = 'cellport';

/**
 * The parts of an app the cell objects are made from.
 *
 * @public
 */
export interface AppBase {
  name: string;
  /** Docker config JSON for the image pull secret `<app>-pull`, when the app has a robot account. */
  pullSecretDockerConfigJson?: string;
}

/**
 * A version to run: its name and spec.
 *
 * @public
 */
export interface VersionToRun {
  name: string;
  spec: VersionSpec;
}

// the traffic hook contract lives in @cellport/plugin-cells-node (the slb plugin implements it)
export type { TrafficHook } from '@cellport/plugin-cells-node';

/**
 * What the cells backend does in the clusters, per cell, through @kubernetes/client-node. Every
 * write is a server-side apply with field manager `cellport`, so repeating any call is harmless.
 * Unreachable cells reject with an error whose message names the cell.
 *
 * @public
 */
export interface CellWorkloads {
  /** Namespace `<app>`, Service `<app>` selecting `cellport.io/app=<app>`, pull secret. */
  ensureApp(cell: string, app: AppBase): Promise<void>;
  /** Deletes the namespace (and so everything of the app) from the cell. */
  deleteApp(cell: string, app: string): Promise<void>;
  /** Applies the Deployment `<app>-<version>` (and its HPA) with `replicas` replicas. */
  applyVersion(
    cell: string,
    app: string,
    version: VersionToRun,
    replicas: number,
  ): Promise<void>;
  /** Sets the replicas of an existing version's Deployment (scale subresource). */
  scaleVersion(
    cell: string,
    app: string,
    version: string,
    replicas: number,
  ): Promise<void>;
  /**
   * Scales the version to `replicas` (fewer than now), taking the leaving pods out of traffic
   * first: they leave the load balancers (TrafficHook) and the Service's endpoints before they
   * are deleted. Resolves once they are gone from the endpoints.
   */
  drainAndScale(
    cell: string,
    app: string,
    version: string,
    replicas: number,
  ): Promise<void>;
  /** drainAndScale to zero, then deletes the Deployment and its HPA. Harmless when absent. */
  removeVersion(cell: string, app: string, version: string): Promise<void>;
  /** The Deployment's status in the cell, undefined when it does not exist. */
  getVersionStatus(
    cell: string,
    app: string,
    version: string,
  ): Promise<CellVersionStatus | undefined>;
  /** Every version Deployment of the app in the cell. */
  listVersionStatuses(cell: string, app: string): Promise<CellVersionStatus[]>;
  /** The app's pods in the cell, optionally only one version's. */
  listPods(cell: string, app: string, version?: string): Promise<PodSummary[]>;
  /** A live reachability check (`/version`), bounded by a short timeout. */
  isReachable(cell: string): Promise<boolean>;
}

/**
 * The state of an app's namespace in a cell: `absent`, `cellport` (created by Cellport for this
 * app), `terminating` (being deleted), or `foreign` (exists but was not made by Cellport for this
 * app, so Cellport must neither use nor delete it).
 *
 * @public
 */
export type NamespaceState = 'absent' | 'cellport' | 'terminating' | 'foreign';

/**
 * Options of a pod log read.
 *
 * @public
 */
export interface PodLogOptions {
  container: string;
  /** The previous (terminated) instance of the container. */
  previous?: boolean;
  /** Keep streaming new lines until the pod ends or the reader goes away. */
  follow?: boolean;
  tailLines?: number;
  /** Stop after this many bytes. */
  limitBytes?: number;
}

/**
 * What the app views read from the cells besides workloads: namespace state, events, pods and
 * their logs. Implemented by the same class as {@link CellWorkloads}; kept apart so that fakes
 * of {@link CellWorkloads} need not implement it.
 *
 * @public
 */
export interface CellDiagnostics {
  /** Whether the namespace `<app>` exists and whether Cellport made it (see {@link NamespaceState}). */
  getNamespaceState(cell: string, app: string): Promise<NamespaceState>;
  /** Kubernetes events of the namespace `<app>`, unsorted. */
  listEvents(cell: string, app: string): Promise<AppEvent[]>;
  /** One pod of the namespace `<app>`, undefined when it does not exist. */
  getPod(
    cell: string,
    app: string,
    pod: string,
  ): Promise<(PodSummary & { previousContainers: string[] }) | undefined>;
  /**
   * Streams a container's log into `out` (ended when the log ends). Rejects before writing
   * anything when the log cannot be read. Abort the returned controller to stop following.
   */
  streamPodLog(
    cell: string,
    app: string,
    pod: string,
    options: PodLogOptions,
    out: Writable,
  ): Promise<AbortController>;
}

/**
 * What the app overview shows of one app in one cell.
 *
 * @public
 */
export interface CellWorkloadView {
  /** The app's version Deployments, newest first. */
  versions: CellVersionStatus[];
  /** The app's pods, by name. */
  pods: PodSummary[];
  /**
   * Set when the view no longer follows the cell (its watch broke, e.g. the cell is unreachable):
   * the versions and pods are those the cell had then (ISO 8601).
   */
  staleSince?: string;
  /** Why the view is stale, naming the cell. */
  staleReason?: string;
}

/**
 * The app overview's reads of the cells, answered from watch-backed caches (one list+watch per
 * cell and resource kind), so that a view costs no Kubernetes call however many people look.
 *
 * @public
 */
export interface CellViews {
  /** Versions and pods of `app` in `cell`; rejects with CellUnreachableError when never read. */
  viewApp(cell: string, app: string): Promise<CellWorkloadView>;
  /**
   * A key of what {@link CellViews.viewApp} would return now, read without waiting: equal keys,
   * equal views (a key taken before a view is never newer than it). Undefined when the view is
   * not kept (read live, or not read yet): it must then be read every time.
   */
  viewVersion?(cell: string, app: string): string | undefined;
}
