import type {
  V1Deployment,
  V1Namespace,
  V1Probe,
  V1Secret,
  V1Service,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { CELLPORT_LABELS, VersionToRun } from './types';

/** The name of the Service port and of the container port it targets. */
export const HTTP_PORT_NAME = 'http';

/** The port the app's Service listens on. */
export const SERVICE_PORT = 80;

/** Seconds a pod has to finish in-flight requests after it was asked to stop. */
export const TERMINATION_GRACE_PERIOD_SECONDS = 30;

/**
 * Seconds a leaving pod keeps serving after it was deleted (its preStop hook sleeps), so that
 * load balancers and kube-proxy, which learn of the deletion asynchronously, stop sending to it
 * before it stops accepting connections. Uses `exec sleep`, which works on every supported
 * Kubernetes version (the `sleep` lifecycle action needs 1.30+); an image without `sleep` only
 * gets a FailedPreStopHook event and terminates as usual.
 *
 * @public
 */
export const PRE_STOP_SLEEP_SECONDS = 5;

/**
 * The labels of every object of an app (and, with `version`, of one version).
 *
 * @public
 */
export function cellportLabels(
  app: string,
  version?: string,
): Record<string, string> {
  return {
    [CELLPORT_LABELS.app]: app,
    ...(version ? { [CELLPORT_LABELS.version]: version } : {}),
    [CELLPORT_LABELS.managedBy]: 'cellport',
  };
}

/**
 * The label selector (`cellport.io/app=<app>[,cellport.io/version=<version>]`) of an app's
 * objects, or of one version's.
 *
 * @public
 */
export function appSelector(app: string, version?: string): string {
  return version
    ? `${CELLPORT_LABELS.app}=${app},${CELLPORT_LABELS.version}=${version}`
    : `${CELLPORT_LABELS.app}=${app}`;
}

/**
 * The name of a version's Deployment and HPA: `<app>-<version>`.
 *
 * @public
 */
export function workloadName(app: string, version: string): string {
  return `${app}-${version}`;
}

/**
 * The name of an app's image pull Secret: `<app>-pull`.
 *
 * @public
 */
export function pullSecretName(app: string): string {
  return `${app}-pull`;
}

/**
 * The Namespace `<app>`.
 *
 * @public
 */
export function namespaceManifest(app: string): V1Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: app, labels: cellportLabels(app) },
  };
}

/**
 * The Service `<app>`: port 80 to the container port named `http` of every pod of the app,
 * whatever its version (so traffic follows the versions' ready pods).
 *
 * @public
 */
export function serviceManifest(app: string): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app, namespace: app, labels: cellportLabels(app) },
    spec: {
      type: 'ClusterIP',
      selector: { [CELLPORT_LABELS.app]: app },
      ports: [
        {
          name: HTTP_PORT_NAME,
          port: SERVICE_PORT,
          targetPort: HTTP_PORT_NAME,
          protocol: 'TCP',
        },
      ],
    },
  };
}

/**
 * The image pull Secret `<app>-pull` (type `kubernetes.io/dockerconfigjson`).
 *
 * @public
 */
export function pullSecretManifest(
  app: string,
  dockerConfigJson: string,
): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: pullSecretName(app),
      namespace: app,
      labels: cellportLabels(app),
    },
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from(dockerConfigJson, 'utf8').toString(
        'base64',
      ),
    },
  };
}

/**
 * Options of {@link deploymentManifest}.
 *
 * @public
 */
export interface DeploymentOptions {
  /** The replicas; ignored (left to the HPA) when the version autoscales. */
  replicas: number;
  /** The image pull Secret to reference, when the app has one in the cell. */
  pullSecret?: string;
  /** The container's pull policy; Kubernetes' default when not given. */
  imagePullPolicy?: 'Always' | 'IfNotPresent';
}

/**
 * The pull policy of a version's image: `Always` when it is pulled with credentials (the app's
 * pull secret) or comes from a registry of `alwaysPullFrom` (the Cellport registry, whose images
 * may be private), so that the registry checks the credentials at every pod start and a node's
 * cache never runs a private image for someone without them; Kubernetes' default otherwise.
 * Shared nodes should also run the AlwaysPullImages admission plugin.
 *
 * @public
 */
export function imagePullPolicyFor(
  image: string,
  options: { hasPullSecret: boolean; alwaysPullFrom: string[] },
): 'Always' | undefined {
  const first = image.split('/')[0].toLocaleLowerCase('en-US');
  const fromListed =
    image.includes('/') &&
    options.alwaysPullFrom.some(h => h.toLocaleLowerCase('en-US') === first);
  return options.hasPullSecret || fromListed ? 'Always' : undefined;
}

function probe(version: VersionToRun): V1Probe {
  const check = version.spec.healthCheck;
  return {
    httpGet: {
      path: check.path,
      port: check.port ?? HTTP_PORT_NAME,
      scheme: 'HTTP',
    },
    initialDelaySeconds: check.initialDelaySeconds,
    periodSeconds: check.periodSeconds,
    timeoutSeconds: check.timeoutSeconds,
    failureThreshold: check.failureThreshold,
    successThreshold: 1,
  };
}

/**
 * The Deployment `<app>-<version>`: one container `app` with the port `http`, resources, env and
 * the health check as readiness (and optionally liveness) probe; rolling updates never take a
 * ready pod away before its replacement is ready (maxUnavailable 0). When the version
 * autoscales, `spec.replicas` is left out so that the HPA owns it (a server-side apply that
 * sets it would fight the HPA).
 *
 * @public
 */
export function deploymentManifest(
  app: string,
  version: VersionToRun,
  options: DeploymentOptions,
): V1Deployment {
  const { spec } = version;
  const labels = cellportLabels(app, version.name);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: workloadName(app, version.name),
      namespace: app,
      labels,
    },
    spec: {
      ...(spec.autoscaling ? {} : { replicas: options.replicas }),
      selector: {
        matchLabels: {
          [CELLPORT_LABELS.app]: app,
          [CELLPORT_LABELS.version]: version.name,
        },
      },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
      },
      revisionHistoryLimit: 3,
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'app',
              image: spec.image,
              ...(options.imagePullPolicy
                ? { imagePullPolicy: options.imagePullPolicy }
                : {}),
              ports: [
                {
                  name: HTTP_PORT_NAME,
                  containerPort: spec.port,
                  protocol: 'TCP',
                },
              ],
              resources: {
                requests: { ...spec.resources.requests },
                limits: { ...spec.resources.limits },
              },
              env: spec.env.map(e => ({ name: e.name, value: e.value })),
              readinessProbe: probe(version),
              ...(spec.healthCheck.liveness
                ? { livenessProbe: probe(version) }
                : {}),
              lifecycle: {
                preStop: {
                  exec: { command: ['sleep', String(PRE_STOP_SLEEP_SECONDS)] },
                },
              },
            },
          ],
          ...(options.pullSecret
            ? { imagePullSecrets: [{ name: options.pullSecret }] }
            : {}),
          terminationGracePeriodSeconds: TERMINATION_GRACE_PERIOD_SECONDS,
        },
      },
    },
  };
}

/**
 * The HorizontalPodAutoscaler (autoscaling/v2) `<app>-<version>` of a version that autoscales on
 * CPU; undefined when it does not.
 *
 * @public
 */
export function hpaManifest(
  app: string,
  version: VersionToRun,
): V2HorizontalPodAutoscaler | undefined {
  const autoscaling = version.spec.autoscaling;
  if (!autoscaling) {
    return undefined;
  }
  const name = workloadName(app, version.name);
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name,
      namespace: app,
      labels: cellportLabels(app, version.name),
    },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: autoscaling.minReplicas,
      maxReplicas: autoscaling.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: {
              type: 'Utilization',
              averageUtilization: autoscaling.targetCPUUtilizationPercentage,
            },
          },
        },
      ],
    },
  };
}
