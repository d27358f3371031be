import { KubeObject } from '../util/objects';

function defaultProbe(p: any) {
  if (!p) return p;
  const out = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, ...p };
  if (out.httpGet) out.httpGet = { scheme: 'HTTP', path: '/', ...out.httpGet };
  return out;
}

function defaultContainer(c: any) {
  if (!c || typeof c !== 'object') return c;
  const image = String(c.image ?? '');
  const tag = image.includes('@') ? 'digest' : image.split('/').pop()!.split(':')[1];
  return {
    ...c,
    imagePullPolicy: c.imagePullPolicy ?? (!tag || tag === 'latest' ? 'Always' : 'IfNotPresent'),
    terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
    resources: c.resources ?? {},
    ...(c.ports ? { ports: c.ports.map((p: any) => ({ protocol: 'TCP', ...p })) } : {}),
    ...(c.readinessProbe ? { readinessProbe: defaultProbe(c.readinessProbe) } : {}),
    ...(c.livenessProbe ? { livenessProbe: defaultProbe(c.livenessProbe) } : {}),
    ...(c.startupProbe ? { startupProbe: defaultProbe(c.startupProbe) } : {}),
  };
}

/** Applies the apiserver's defaults to a pod spec. */
export function defaultPodSpec(spec: any): any {
  if (!spec || typeof spec !== 'object') return spec;
  return {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
    ...spec,
    containers: Array.isArray(spec.containers) ? spec.containers.map(defaultContainer) : spec.containers,
    ...(Array.isArray(spec.initContainers) ? { initContainers: spec.initContainers.map(defaultContainer) } : {}),
  };
}

/** Applies defaults for the kind (before validation), like the apiserver's defaulting functions. */
export function applyDefaults(obj: KubeObject): KubeObject {
  switch (obj.kind) {
    case 'Pod':
      return {
        ...obj,
        spec: {
          ...defaultPodSpec(obj.spec),
          serviceAccountName: obj.spec?.serviceAccountName ?? obj.spec?.serviceAccount ?? 'default',
          serviceAccount: obj.spec?.serviceAccount ?? obj.spec?.serviceAccountName ?? 'default',
          enableServiceLinks: obj.spec?.enableServiceLinks ?? true,
          priority: obj.spec?.priority ?? 0,
          preemptionPolicy: obj.spec?.preemptionPolicy ?? 'PreemptLowerPriority',
        },
        status: obj.status ?? { phase: 'Pending', qosClass: qosClass(obj.spec) },
      };
    case 'Deployment': {
      const spec = obj.spec ?? {};
      const strategy = spec.strategy?.type === 'Recreate'
        ? { type: 'Recreate' }
        : {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%', ...(spec.strategy?.rollingUpdate ?? {}) },
          };
      return {
        ...obj,
        spec: {
          replicas: 1,
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
          ...spec,
          strategy,
          template: defaultTemplate(spec.template),
        },
        status: obj.status ?? {},
      };
    }
    case 'ReplicaSet':
      return {
        ...obj,
        spec: { replicas: 1, ...(obj.spec ?? {}), template: defaultTemplate(obj.spec?.template) },
        status: obj.status ?? { replicas: 0 },
      };
    case 'Service': {
      const spec = obj.spec ?? {};
      const type = spec.type ?? 'ClusterIP';
      return {
        ...obj,
        spec: {
          type,
          sessionAffinity: 'None',
          ...(type !== 'ExternalName'
            ? { ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster' }
            : {}),
          ...spec,
          ...(Array.isArray(spec.ports)
            ? { ports: spec.ports.map((p: any) => ({ protocol: 'TCP', ...p, targetPort: p.targetPort ?? p.port })) }
            : {}),
        },
        status: obj.status ?? { loadBalancer: {} },
      };
    }
    case 'Secret': {
      const data = { ...(obj.data ?? {}) };
      for (const [k, v] of Object.entries(obj.stringData ?? {})) {
        data[k] = Buffer.from(String(v)).toString('base64');
      }
      const { stringData: _s, ...rest } = obj;
      return { ...rest, type: obj.type ?? 'Opaque', ...(Object.keys(data).length ? { data } : {}) };
    }
    case 'Namespace':
      return {
        ...obj,
        metadata: {
          ...obj.metadata,
          labels: { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name ?? '' },
        },
        spec: { finalizers: ['kubernetes'], ...(obj.spec ?? {}) },
        status: obj.status ?? { phase: 'Active' },
      };
    case 'HorizontalPodAutoscaler':
      return { ...obj, spec: { minReplicas: 1, ...(obj.spec ?? {}) }, status: obj.status ?? { currentReplicas: 0, desiredReplicas: 0 } };
    case 'Event':
      return { type: 'Normal', ...obj, count: obj.count ?? 1 };
    default:
      return obj;
  }
}

function defaultTemplate(tpl: any) {
  if (!tpl) return tpl;
  return { ...tpl, metadata: tpl.metadata ?? {}, spec: defaultPodSpec(tpl.spec) };
}

/** The QoS class of a pod spec. */
export function qosClass(spec: any): string {
  const containers: any[] = spec?.containers ?? [];
  let anyReq = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) anyReq = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (!l || q !== l) guaranteed = false;
    }
  }
  if (!anyReq) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
