import {
  AppVersion,
  createVersionRequestSchema,
  CreateVersionRequest,
} from '@cellport/plugin-cells-common';

/** The new version form's fields, as text where the user types numbers. */
export interface VersionForm {
  name: string;
  image: string;
  /** Replicas per cell of the app. */
  replicas: Record<string, string>;
  port: string;
  cpuRequest: string;
  memoryRequest: string;
  cpuLimit: string;
  memoryLimit: string;
  env: Array<{ name: string; value: string }>;
  healthPath: string;
  /** Empty: the container port. */
  healthPort: string;
  initialDelaySeconds: string;
  periodSeconds: string;
  timeoutSeconds: string;
  failureThreshold: string;
  liveness: boolean;
  autoscaling: boolean;
  minReplicas: string;
  maxReplicas: string;
  targetCPUUtilizationPercentage: string;
}

/** The next version name after `name` when it ends in a number (`v3` -> `v4`), else ''. */
export function suggestNextVersionName(name: string | undefined): string {
  const match = name?.match(/^(.*?)(\d+)$/);
  if (!match) {
    return '';
  }
  const next = `${match[1]}${Number(match[2]) + 1}`;
  return next.length <= 20 ? next : '';
}

/**
 * The version a new one is prefilled from: the one the app serves now (never a newer version that
 * was rolled back), else the newest.
 */
export function prefillSource(
  versions: AppVersion[],
  currentVersion: string | undefined,
): AppVersion | undefined {
  return versions.find(v => v.name === currentVersion) ?? versions[0];
}

/**
 * The form prefilled from a version (replicas of cells it does not name: its largest count, or 1),
 * or with the defaults of a first version. The name follows `newestName` (default: the source's).
 */
export function formFromVersion(
  latest: AppVersion | undefined,
  cells: string[],
  newestName: string | undefined = latest?.name,
): VersionForm {
  const spec = latest?.spec;
  const counts = Object.values(spec?.replicas ?? {});
  const fallback = counts.length ? Math.max(...counts) : 1;
  const replicas: Record<string, string> = {};
  for (const cell of cells) {
    replicas[cell] = String(spec?.replicas[cell] ?? fallback);
  }
  const health = spec?.healthCheck;
  return {
    name: newestName ? suggestNextVersionName(newestName) : 'v1',
    image: spec?.image ?? '',
    replicas,
    port: String(spec?.port ?? 8080),
    cpuRequest: spec?.resources.requests.cpu ?? '100m',
    memoryRequest: spec?.resources.requests.memory ?? '128Mi',
    cpuLimit: spec?.resources.limits.cpu ?? '500m',
    memoryLimit: spec?.resources.limits.memory ?? '256Mi',
    env: (spec?.env ?? []).map(e => ({ ...e })),
    healthPath: health?.path ?? '/healthz',
    healthPort: health?.port === undefined ? '' : String(health.port),
    initialDelaySeconds: String(health?.initialDelaySeconds ?? 0),
    periodSeconds: String(health?.periodSeconds ?? 5),
    timeoutSeconds: String(health?.timeoutSeconds ?? 1),
    failureThreshold: String(health?.failureThreshold ?? 3),
    liveness: health?.liveness ?? false,
    autoscaling: Boolean(spec?.autoscaling),
    minReplicas: String(spec?.autoscaling?.minReplicas ?? 1),
    maxReplicas: String(spec?.autoscaling?.maxReplicas ?? 3),
    targetCPUUtilizationPercentage: String(
      spec?.autoscaling?.targetCPUUtilizationPercentage ?? 80,
    ),
  };
}

const num = (text: string) => (text.trim() === '' ? NaN : Number(text));

/** The request body the form describes (numbers parsed; not yet validated). */
export function formToRequest(form: VersionForm): CreateVersionRequest {
  return {
    name: form.name.trim(),
    spec: {
      image: form.image.trim(),
      replicas: Object.fromEntries(
        Object.entries(form.replicas).map(([cell, n]) => [cell, num(n)]),
      ),
      port: num(form.port),
      resources: {
        requests: {
          cpu: form.cpuRequest.trim(),
          memory: form.memoryRequest.trim(),
        },
        limits: { cpu: form.cpuLimit.trim(), memory: form.memoryLimit.trim() },
      },
      env: form.env
        .filter(e => e.name.trim() || e.value)
        .map(e => ({ name: e.name.trim(), value: e.value })),
      healthCheck: {
        path: form.healthPath.trim(),
        ...(form.healthPort.trim() ? { port: num(form.healthPort) } : {}),
        initialDelaySeconds: num(form.initialDelaySeconds),
        periodSeconds: num(form.periodSeconds),
        timeoutSeconds: num(form.timeoutSeconds),
        failureThreshold: num(form.failureThreshold),
        liveness: form.liveness,
      },
      ...(form.autoscaling
        ? {
            autoscaling: {
              minReplicas: num(form.minReplicas),
              maxReplicas: num(form.maxReplicas),
              targetCPUUtilizationPercentage: num(
                form.targetCPUUtilizationPercentage,
              ),
            },
          }
        : {}),
    },
  };
}

/**
 * Validates the form with the backend's own schema: messages keyed by field path
 * (`name`, `spec.image`, `spec.replicas.dev-1`, `spec.resources.requests.cpu`, ...).
 */
export function validateVersionForm(form: VersionForm): {
  request: CreateVersionRequest;
  errors: Record<string, string>;
} {
  const request = formToRequest(form);
  const result = createVersionRequestSchema.safeParse(request);
  const errors: Record<string, string> = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path.map(String).join('.');
      errors[key] ??= issue.message;
    }
  }
  return { request, errors };
}
