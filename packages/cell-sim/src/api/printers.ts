/**
 * Server-side printing: the table columns and cells kube-apiserver v1.26 produces for the kinds
 * the simulator serves (`pkg/printers/internalversion/printers.go`). The server always fills the
 * wide (priority 1) cells too; kubectl shows them with `-o wide`.
 */
import { KubeObject } from '../util/objects';
import { humanDuration } from './humanDuration';

/** A metav1 TableColumnDefinition. */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

/** A row's cells plus optional row conditions (Completed for finished pods). */
export interface PrintedRow {
  cells: unknown[];
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

/** Columns of a kind and how to print one object. */
export interface Printer {
  columns: TableColumn[];
  print(obj: KubeObject, now: number): PrintedRow;
}

type Spec = [name: string, type: TableColumn['type'], priority?: number, description?: string];

function cols(...specs: Spec[]): TableColumn[] {
  return specs.map(([name, type, priority = 0, description = '']) => ({
    name, type, format: name === 'Name' ? 'name' : '', description, priority,
  }));
}

const NAME: Spec = ['Name', 'string', 0, "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: http://kubernetes.io/docs/user-guide/identifiers#names"];
const AGE: Spec = ['Age', 'string', 0, 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata'];

/** `translateTimestampSince`: a human duration since the time, `<unknown>` when unset. */
export function since(time: string | undefined, now: number): string {
  if (!time) return '<unknown>';
  return humanDuration(now - Date.parse(time));
}

const age = (o: KubeObject, now: number) => since(o.metadata.creationTimestamp, now);

/** `labels.FormatLabels`: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(map: Record<string, string> | undefined): string {
  const keys = Object.keys(map ?? {}).sort();
  return keys.length ? keys.map(k => `${k}=${map![k]}`).join(',') : '<none>';
}

/** `metav1.LabelSelectorAsSelector(...).String()`: requirements sorted by key. */
export function formatSelector(sel: any): string {
  if (!sel) return '<none>';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries<string>(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text = { In: `${e.key} in (${values})`, NotIn: `${e.key} notin (${values})`, Exists: e.key, DoesNotExist: `!${e.key}` }[e.operator as string];
    reqs.push({ key: e.key, text: text ?? '<invalid>' });
  }
  if (!reqs.length) return '';
  // Go sorts by byte order: compare code units, not locale.
  const byKey = (a: { key: string }, b: { key: string }) => Number(a.key > b.key) - Number(a.key < b.key);
  return reqs.sort(byKey).map(r => r.text).join(',');
}

function containerCells(containers: any[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map(c => c.name).join(','), list.map(c => c.image).join(',')];
}

function listWithMore(list: string[], count: number, max = 3, empty = '<unset>'): string {
  const shown = list.slice(0, max).join(',');
  if (count > max) return `${shown} + ${count - max} more...`;
  return shown || empty;
}

/** A terminated container's reason, or `Signal:N` / `ExitCode:N` when it has none. */
function terminatedReason(term: any): string {
  if (term.reason) return term.reason;
  return term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
}

function podRow(pod: KubeObject, now: number): PrintedRow {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || '';
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  let restarts = 0;
  let ready = 0;
  let lastRestart = 0;
  const noteRestart = (cs: any) => {
    const finished = cs.lastState?.terminated?.finishedAt;
    if (finished && Date.parse(finished) > lastRestart) lastRestart = Date.parse(finished);
  };
  let initializing = false;
  const inits: any[] = status.initContainerStatuses ?? [];
  for (const [i, cs] of inits.entries()) {
    restarts += cs.restartCount ?? 0;
    noteRestart(cs);
    const term = cs.state?.terminated;
    if (term && term.exitCode === 0) continue;
    initializing = true;
    if (term) reason = `Init:${terminatedReason(term)}`;
    else if (cs.state?.waiting?.reason && cs.state.waiting.reason !== 'PodInitializing') reason = `Init:${cs.state.waiting.reason}`;
    else reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    break;
  }
  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      noteRestart(cs);
      const term = cs.state?.terminated;
      if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = terminatedReason(term);
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = (status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      reason = podReady ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  const restartsText = lastRestart ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  let gates = '<none>';
  if ((spec.readinessGates ?? []).length) {
    const trueCount = spec.readinessGates.filter((g: any) =>
      (status.conditions ?? []).find((c: any) => c.type === g.conditionType)?.status === 'True').length;
    gates = `${trueCount}/${spec.readinessGates.length}`;
  }
  const row: PrintedRow = {
    cells: [
      pod.metadata.name, `${ready}/${(spec.containers ?? []).length}`, reason, restartsText, age(pod, now),
      status.podIPs?.[0]?.ip || '<none>', spec.nodeName || '<none>', status.nominatedNodeName || '<none>', gates,
    ],
  };
  if (status.phase === 'Succeeded') row.conditions = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
  if (status.phase === 'Failed') row.conditions = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  return row;
}

function servicePorts(ports: any[] | undefined): string {
  const text = (ports ?? []).map(p => {
    const protocol = p.protocol ?? 'TCP';
    return p.nodePort ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
  }).join(',');
  return text || '<none>';
}

function serviceExternalIp(svc: KubeObject): string {
  const spec = svc.spec ?? {};
  const external: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = (svc.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip || i.hostname).filter(Boolean);
      const all = [...lb, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '<none>';
    default:
      return '<unknown>';
  }
}

function endpointsCell(ep: KubeObject): string {
  const subsets: any[] = ep.subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses: any[] = ss.addresses ?? [];
    const ports: any[] = ss.ports ?? [];
    if (!ports.length) {
      for (const a of addresses) {
        if (list.length < 3) list.push(a.ip);
        count++;
      }
    } else {
      for (const p of ports) {
        for (const a of addresses) {
          if (list.length < 3) list.push(a.ip.includes(':') ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`);
          count++;
        }
      }
    }
  }
  return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

function nodeRow(node: KubeObject, now: number): PrintedRow {
  const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  const status: string[] = ready ? [ready.status === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  const roles = new Set<string>();
  for (const [k, v] of Object.entries<string>(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  const info = node.status?.nodeInfo ?? {};
  const address = (type: string) => (node.status?.addresses ?? []).find((a: any) => a.type === type)?.address ?? '<none>';
  return {
    cells: [
      node.metadata.name, status.join(','), roles.size ? [...roles].sort().join(',') : '<none>', age(node, now), info.kubeletVersion ?? '',
      address('InternalIP'), address('ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>',
    ],
  };
}

function eventRow(ev: KubeObject, now: number): PrintedRow {
  const first = ev.firstTimestamp ? since(ev.firstTimestamp, now) : since(ev.eventTime, now);
  let last = ev.lastTimestamp ? since(ev.lastTimestamp, now) : first;
  let count = ev.count ?? 0;
  if (ev.series) {
    last = since(ev.series.lastObservedTime, now);
    count = ev.series.count;
  } else if (!count) count = 1;
  const io = ev.involvedObject ?? {};
  const target = io.name ? `${String(io.kind ?? '').toLowerCase()}/${io.name}` : String(io.kind ?? '').toLowerCase();
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  return {
    cells: [
      last, ev.type ?? '', ev.reason ?? '', target, io.fieldPath ?? '', instance ? `${component}, ${instance}` : component,
      String(ev.message ?? '').trim(), first, count, ev.metadata.name,
    ],
  };
}

function hpaTargets(hpa: KubeObject): string {
  const specs: any[] = hpa.spec?.metrics ?? [];
  const statuses: any[] = hpa.status?.currentMetrics ?? [];
  if (!specs.length) return '<none>';
  const list = specs.map((m, i) => {
    const cur = statuses[i];
    if (m.type === 'Resource' && m.resource) {
      if (m.resource.target?.averageValue !== undefined) {
        return `${cur?.resource?.current?.averageValue ?? '<unknown>'}/${m.resource.target.averageValue}`;
      }
      const current = cur?.resource?.current?.averageUtilization !== undefined ? `${cur.resource.current.averageUtilization}%` : '<unknown>';
      const target = m.resource.target?.averageUtilization !== undefined ? `${m.resource.target.averageUtilization}%` : '<auto>';
      return `${current}/${target}`;
    }
    return '<unknown type>';
  });
  return listWithMore(list, list.length, 3, '<none>');
}

const CONTAINERS: Spec = ['Containers', 'string', 1, 'Names of each container in the template.'];
const IMAGES: Spec = ['Images', 'string', 1, 'Images referenced by each container in the template.'];

/** The v1.26 printers by kind. */
export const PRINTERS: Record<string, Printer> = {
  Pod: {
    columns: cols(NAME, ['Ready', 'string', 0, 'The aggregate readiness state of this pod for accepting traffic.'], ['Status', 'string', 0, 'The aggregate status of the containers in this pod.'], ['Restarts', 'string', 0, 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'], AGE, ['IP', 'string', 1], ['Node', 'string', 1], ['Nominated Node', 'string', 1], ['Readiness Gates', 'string', 1]),
    print: podRow,
  },
  Deployment: {
    columns: cols(NAME, ['Ready', 'string', 0, 'Number of the pod with ready state'], ['Up-to-date', 'integer', 0, 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'], ['Available', 'integer', 0, 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'], AGE, CONTAINERS, IMAGES, ['Selector', 'string', 1, 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.']),
    print: (d, now) => {
      const s = d.status ?? {};
      return { cells: [d.metadata.name, `${s.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, s.updatedReplicas ?? 0, s.availableReplicas ?? 0, age(d, now), ...containerCells(d.spec?.template?.spec?.containers), formatSelector(d.spec?.selector)] };
    },
  },
  ReplicaSet: {
    columns: cols(NAME, ['Desired', 'integer'], ['Current', 'integer'], ['Ready', 'integer'], AGE, CONTAINERS, IMAGES, ['Selector', 'string', 1]),
    print: (rs, now) => {
      const s = rs.status ?? {};
      return { cells: [rs.metadata.name, rs.spec?.replicas ?? 0, s.replicas ?? 0, s.readyReplicas ?? 0, age(rs, now), ...containerCells(rs.spec?.template?.spec?.containers), formatSelector(rs.spec?.selector)] };
    },
  },
  Service: {
    columns: cols(NAME, ['Type', 'string'], ['Cluster-IP', 'string'], ['External-IP', 'string'], ['Port(s)', 'string'], AGE, ['Selector', 'string', 1]),
    print: (svc, now) => ({ cells: [svc.metadata.name, svc.spec?.type ?? 'ClusterIP', svc.spec?.clusterIPs?.[0] ?? '<none>', serviceExternalIp(svc), servicePorts(svc.spec?.ports), age(svc, now), formatLabels(svc.spec?.selector)] }),
  },
  Endpoints: {
    columns: cols(NAME, ['Endpoints', 'string'], AGE),
    print: (ep, now) => ({ cells: [ep.metadata.name, endpointsCell(ep), age(ep, now)] }),
  },
  EndpointSlice: {
    columns: cols(NAME, ['AddressType', 'string'], ['Ports', 'string'], ['Endpoints', 'string'], AGE),
    print: (eps, now) => {
      const ports = ((eps.ports ?? []) as any[]).map(p => (p.port !== undefined && p.port !== null ? String(p.port) : p.name ?? '*'));
      const addresses = ((eps.endpoints ?? []) as any[]).flatMap(e => e.addresses ?? []);
      return { cells: [eps.metadata.name, eps.addressType ?? '', listWithMore(ports, ports.length), listWithMore(addresses, addresses.length), age(eps, now)] };
    },
  },
  Node: {
    columns: cols(NAME, ['Status', 'string'], ['Roles', 'string'], AGE, ['Version', 'string'], ['Internal-IP', 'string', 1], ['External-IP', 'string', 1], ['OS-Image', 'string', 1], ['Kernel-Version', 'string', 1], ['Container-Runtime', 'string', 1]),
    print: nodeRow,
  },
  Event: {
    columns: cols(['Last Seen', 'string'], ['Type', 'string'], ['Reason', 'string'], ['Object', 'string'], ['Subobject', 'string', 1], ['Source', 'string', 1], ['Message', 'string'], ['First Seen', 'string', 1], ['Count', 'string', 1], ['Name', 'string', 1]),
    print: eventRow,
  },
  Namespace: {
    columns: cols(NAME, ['Status', 'string', 0, 'The status of the namespace'], AGE),
    print: (ns, now) => ({ cells: [ns.metadata.name, ns.status?.phase ?? '', age(ns, now)] }),
  },
  Secret: {
    columns: cols(NAME, ['Type', 'string'], ['Data', 'string'], AGE),
    print: (s, now) => ({ cells: [s.metadata.name, s.type ?? '', Object.keys(s.data ?? {}).length, age(s, now)] }),
  },
  ConfigMap: {
    columns: cols(NAME, ['Data', 'string'], AGE),
    print: (cm, now) => ({ cells: [cm.metadata.name, Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, age(cm, now)] }),
  },
  HorizontalPodAutoscaler: {
    columns: cols(NAME, ['Reference', 'string'], ['Targets', 'string'], ['MinPods', 'string'], ['MaxPods', 'string'], ['Replicas', 'string'], AGE),
    print: (hpa, now) => {
      const ref = hpa.spec?.scaleTargetRef ?? {};
      const min = hpa.spec?.minReplicas;
      return { cells: [hpa.metadata.name, `${ref.kind}/${ref.name}`, hpaTargets(hpa), min === undefined || min === null ? '<unset>' : min, hpa.spec?.maxReplicas ?? 0, hpa.status?.currentReplicas ?? 0, age(hpa, now)] };
    },
  },
  Lease: {
    columns: cols(NAME, ['Holder', 'string'], AGE),
    print: (l, now) => ({ cells: [l.metadata.name, l.spec?.holderIdentity ?? '', age(l, now)] }),
  },
};

/** The apiserver's default table for kinds without a printer: Name and Created At. */
export const DEFAULT_PRINTER: Printer = {
  columns: [
    { name: 'Name', type: 'string', format: 'name', description: NAME[3]!, priority: 0 },
    { name: 'Created At', type: 'date', format: '', description: AGE[3]!, priority: 0 },
  ],
  print: o => ({ cells: [o.metadata.name, o.metadata.creationTimestamp] }),
};
