import { causes, StatusCause } from './errors';
import { ResourceType } from './resources';
import { matchesLabelSelector } from './selectors';
import { deepEqual, KubeObject } from '../util/objects';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Real apiserver wording for DNS name errors. */
export const MESSAGES = {
  subdomain:
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  label:
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  dns1035:
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
};

/** Checks a DNS-1123 subdomain. */
export function isDns1123Subdomain(v: string): boolean {
  return v.length <= 253 && DNS1123_SUBDOMAIN.test(v);
}

/** Checks a DNS-1123 label. */
export function isDns1123Label(v: string): boolean {
  return v.length <= 63 && DNS1123_LABEL.test(v);
}

function validateName(rule: ResourceType['nameRule'], name: string, field: string, out: StatusCause[]) {
  if (rule === 'path') {
    if (name === '.' || name === '..' || /[/%]/.test(name)) {
      out.push(causes.invalid(field, name, 'may not contain \'/\' or \'%\''));
    }
    return;
  }
  if (rule === 'subdomain') {
    if (name.length > 253) out.push(causes.invalid(field, name, 'must be no more than 253 characters'));
    if (!DNS1123_SUBDOMAIN.test(name)) out.push(causes.invalid(field, name, MESSAGES.subdomain));
    return;
  }
  if (name.length > 63) out.push(causes.invalid(field, name, 'must be no more than 63 characters'));
  const re = rule === 'label' ? DNS1123_LABEL : DNS1035_LABEL;
  if (!re.test(name)) out.push(causes.invalid(field, name, rule === 'label' ? MESSAGES.label : MESSAGES.dns1035));
}

function validateLabels(labels: Record<string, string> | undefined, field: string, out: StatusCause[]) {
  for (const [k, v] of Object.entries(labels ?? {})) {
    validateQualifiedKey(k, field, out);
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      out.push(causes.invalid(`${field}`, v, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
    }
  }
}

function validateQualifiedKey(k: string, field: string, out: StatusCause[]) {
  const parts = k.split('/');
  const name = parts.length === 2 ? parts[1] : parts[0];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  if (parts.length > 2 || !QUALIFIED_NAME.test(name) || name.length > 63 || (prefix !== undefined && !isDns1123Subdomain(prefix))) {
    out.push(causes.invalid(field, k, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
  }
}

/** Validates object metadata (name, labels, annotations). */
export function validateMetadata(rt: ResourceType, obj: KubeObject, out: StatusCause[]) {
  const name = obj.metadata.name;
  if (!name) out.push(causes.required('metadata.name', 'name or generateName is required'));
  else validateName(rt.nameRule, name, 'metadata.name', out);
  if (rt.namespaced && !obj.metadata.namespace) out.push(causes.required('metadata.namespace'));
  validateLabels(obj.metadata.labels, 'metadata.labels', out);
  for (const k of Object.keys(obj.metadata.annotations ?? {})) validateQualifiedKey(k, 'metadata.annotations', out);
}

function validatePort(port: unknown, field: string, out: StatusCause[]) {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    out.push(causes.invalid(field, port, 'must be between 1 and 65535, inclusive'));
  }
}

/** A lifecycle hook needs exactly one action (`exec`, `httpGet`, `tcpSocket`, `sleep` where known). */
function validateLifecycleHandler(handler: any, field: string, out: StatusCause[]) {
  if (!handler) return;
  const actions = ['exec', 'httpGet', 'tcpSocket', 'sleep'].filter(h => handler[h]);
  if (actions.length === 0) out.push(causes.required(field, 'must specify a handler type'));
  if (actions.length > 1) out.push(causes.forbidden(`${field}.${actions[1]}`, 'may not specify more than 1 handler type'));
}

function validateProbe(probe: any, field: string, out: StatusCause[]) {
  if (!probe) return;
  const handlers = ['httpGet', 'tcpSocket', 'exec', 'grpc'].filter(h => probe[h]);
  if (handlers.length === 0) out.push(causes.required(field, 'must specify a handler type'));
  if (handlers.length > 1) out.push(causes.forbidden(`${field}.${handlers[1]}`, 'may not specify more than 1 handler type'));
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    if (probe[k] !== undefined && (typeof probe[k] !== 'number' || probe[k] < 0)) {
      out.push(causes.invalid(`${field}.${k}`, probe[k], 'must be greater than or equal to 0'));
    }
  }
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
  if (typeof port === 'number') validatePort(port, `${field}.${probe.httpGet ? 'httpGet' : 'tcpSocket'}.port`, out);
}

/** Validates a pod spec under a field prefix. */
export function validatePodSpec(spec: any, prefix: string, out: StatusCause[]) {
  if (!spec) {
    out.push(causes.required(prefix));
    return;
  }
  const containers: any[] = spec.containers ?? [];
  if (!Array.isArray(containers) || containers.length === 0) {
    out.push(causes.required(`${prefix}.containers`));
  }
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const f = `${prefix}.containers[${i}]`;
    if (!c?.name) out.push(causes.required(`${f}.name`));
    else {
      if (!isDns1123Label(c.name)) out.push(causes.invalid(`${f}.name`, c.name, MESSAGES.label));
      if (names.has(c.name)) out.push(causes.duplicate(`${f}.name`, c.name));
      names.add(c.name);
    }
    if (!c?.image || !String(c.image).trim()) out.push(causes.required(`${f}.image`));
    const ports = new Set<string>();
    (c?.ports ?? []).forEach((p: any, j: number) => {
      validatePort(p?.containerPort, `${f}.ports[${j}].containerPort`, out);
      if (p?.name !== undefined && (!IANA_SVC_NAME.test(p.name) || p.name.length > 15)) {
        out.push(causes.invalid(`${f}.ports[${j}].name`, p.name, 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'));
      }
      const key = `${p?.containerPort}/${p?.protocol ?? 'TCP'}`;
      if (ports.has(key)) out.push(causes.duplicate(`${f}.ports[${j}]`, key));
      ports.add(key);
    });
    const envNames = new Set<string>();
    (c?.env ?? []).forEach((e: any, j: number) => {
      if (!e?.name) out.push(causes.required(`${f}.env[${j}].name`));
      envNames.add(e?.name);
    });
    validateProbe(c?.readinessProbe, `${f}.readinessProbe`, out);
    validateProbe(c?.livenessProbe, `${f}.livenessProbe`, out);
    validateProbe(c?.startupProbe, `${f}.startupProbe`, out);
    for (const hook of ['postStart', 'preStop']) validateLifecycleHandler(c?.lifecycle?.[hook], `${f}.lifecycle.${hook}`, out);
  });
  if (spec.restartPolicy && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) {
    out.push(causes.notSupported(`${prefix}.restartPolicy`, spec.restartPolicy, ['Always', 'OnFailure', 'Never']));
  }
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0) {
    out.push(causes.invalid(`${prefix}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  }
}

function parseIntOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.endsWith('%')) {
    const p = (Number(v.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(p) : Math.floor(p);
  }
  return Number(v ?? 0);
}

function validateWorkload(obj: KubeObject, out: StatusCause[], isDeployment: boolean) {
  const spec = obj.spec ?? {};
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    out.push(causes.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  }
  const sel = spec.selector;
  if (!sel) out.push(causes.required('spec.selector'));
  else if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    out.push(causes.invalid('spec.selector', sel, 'empty selector is invalid for deployment'));
  }
  const tplLabels = spec.template?.metadata?.labels;
  validateLabels(tplLabels, 'spec.template.metadata.labels', out);
  if (sel && !matchesLabelSelector(sel, tplLabels)) {
    out.push(causes.invalid('spec.template.metadata.labels', tplLabels ?? {}, '`selector` does not match template `labels`'));
  }
  validatePodSpec(spec.template?.spec, 'spec.template.spec', out);
  if (spec.template?.spec?.restartPolicy && spec.template.spec.restartPolicy !== 'Always') {
    out.push(causes.notSupported('spec.template.spec.restartPolicy', spec.template.spec.restartPolicy, ['Always']));
  }
  if (isDeployment) {
    const st = spec.strategy ?? {};
    if (st.type && !['RollingUpdate', 'Recreate'].includes(st.type)) {
      out.push(causes.notSupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']));
    }
    if (st.type === 'Recreate' && st.rollingUpdate) {
      out.push(causes.forbidden('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\''));
    }
    if (st.rollingUpdate) {
      const surge = parseIntOrPercent(st.rollingUpdate.maxSurge, 100, true);
      const unavail = parseIntOrPercent(st.rollingUpdate.maxUnavailable, 100, false);
      if (surge === 0 && unavail === 0) {
        out.push(causes.invalid('spec.strategy.rollingUpdate.maxUnavailable', st.rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
      }
      if (typeof st.rollingUpdate.maxUnavailable === 'string' && parseIntOrPercent(st.rollingUpdate.maxUnavailable, 100, false) > 100) {
        out.push(causes.invalid('spec.strategy.rollingUpdate.maxUnavailable', st.rollingUpdate.maxUnavailable, 'must not be greater than 100%'));
      }
    }
  }
}

/** Validates a created or updated object; `old` is set for updates. */
export function validateObject(rt: ResourceType, obj: KubeObject, old?: KubeObject): StatusCause[] {
  const out: StatusCause[] = [];
  validateMetadata(rt, obj, out);
  switch (rt.kind) {
    case 'Pod':
      validatePodSpec(obj.spec, 'spec', out);
      if (old) validatePodUpdate(old, obj, out);
      break;
    case 'Deployment':
    case 'ReplicaSet':
      validateWorkload(obj, out, rt.kind === 'Deployment');
      if (old && !deepEqual(old.spec?.selector, obj.spec?.selector)) {
        out.push(causes.invalid('spec.selector', obj.spec?.selector, 'field is immutable'));
      }
      break;
    case 'Service':
      validateService(obj, old, out);
      break;
    case 'ConfigMap':
    case 'Secret':
      for (const field of ['data', 'binaryData', 'stringData']) {
        for (const k of Object.keys(obj[field] ?? {})) {
          if (!CONFIG_KEY.test(k) || k.length > 253) {
            out.push(causes.invalid(`${field}[${k}]`, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
          }
        }
      }
      if (rt.kind === 'Secret') {
        for (const [k, v] of Object.entries(obj.data ?? {})) {
          if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) {
            out.push(causes.invalid(`data[${k}]`, '<secret contents redacted>', 'illegal base64 data'));
          }
        }
        if (old && old.type !== obj.type) out.push(causes.invalid('type', obj.type, 'field is immutable'));
      }
      if (old?.immutable && !deepEqual(old.data, obj.data)) {
        out.push(causes.forbidden('data', 'field is immutable when `immutable` is set'));
      }
      break;
    case 'HorizontalPodAutoscaler': {
      const s = obj.spec ?? {};
      if (!s.scaleTargetRef?.kind) out.push(causes.required('spec.scaleTargetRef.kind'));
      if (!s.scaleTargetRef?.name) out.push(causes.required('spec.scaleTargetRef.name'));
      if (!(s.maxReplicas >= 1)) out.push(causes.invalid('spec.maxReplicas', s.maxReplicas, 'must be greater than or equal to 1'));
      if (s.minReplicas !== undefined && s.minReplicas > s.maxReplicas) {
        out.push(causes.invalid('spec.minReplicas', s.minReplicas, 'must be less than or equal to maxReplicas'));
      }
      if (s.minReplicas !== undefined && s.minReplicas < 1) {
        out.push(causes.invalid('spec.minReplicas', s.minReplicas, 'must be greater than or equal to 1'));
      }
      break;
    }
    case 'EndpointSlice':
      if (!obj.addressType) out.push(causes.required('addressType'));
      break;
    case 'Event':
      if (obj.involvedObject?.namespace && obj.involvedObject.namespace !== obj.metadata.namespace) {
        out.push(causes.invalid('involvedObject.namespace', obj.involvedObject.namespace, 'does not match event.namespace'));
      }
      break;
    default:
      break;
  }
  return out;
}

function validateService(obj: KubeObject, old: KubeObject | undefined, out: StatusCause[]) {
  const spec = obj.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type)) {
    out.push(causes.notSupported('spec.type', type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']));
  }
  const ports: any[] = spec.ports ?? [];
  if (type !== 'ExternalName' && ports.length === 0 && spec.clusterIP !== 'None') out.push(causes.required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    validatePort(p?.port, `spec.ports[${i}].port`, out);
    if (ports.length > 1 && !p?.name) out.push(causes.required(`spec.ports[${i}].name`));
    if (p?.name) {
      if (names.has(p.name)) out.push(causes.duplicate(`spec.ports[${i}].name`, p.name));
      names.add(p.name);
    }
    if (typeof p?.targetPort === 'number') validatePort(p.targetPort, `spec.ports[${i}].targetPort`, out);
  });
  validateLabels(spec.selector, 'spec.selector', out);
  if (old && old.spec?.clusterIP && spec.clusterIP !== undefined && spec.clusterIP !== '' && old.spec.clusterIP !== spec.clusterIP) {
    out.push(causes.invalid('spec.clusterIPs[0]', spec.clusterIP, 'may not change once set'));
  }
}

const POD_MUTABLE_MESSAGE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function validatePodUpdate(old: KubeObject, obj: KubeObject, out: StatusCause[]) {
  const strip = (spec: any) => ({
    ...spec,
    containers: (spec?.containers ?? []).map((c: any) => ({ ...c, image: undefined })),
    initContainers: (spec?.initContainers ?? []).map((c: any) => ({ ...c, image: undefined })),
    activeDeadlineSeconds: undefined,
    tolerations: undefined,
    nodeName: undefined,
  });
  if (!deepEqual(strip(old.spec), strip(obj.spec))) out.push(causes.forbidden('spec', POD_MUTABLE_MESSAGE));
  if (old.spec?.nodeName && obj.spec?.nodeName !== old.spec.nodeName) out.push(causes.forbidden('spec', POD_MUTABLE_MESSAGE));
}
