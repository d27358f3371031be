/**
 * Prometheus targets of pods exactly as Prometheus' own `kubernetes_sd_configs` (role `pod`)
 * builds them from the Kubernetes API, for serving them through `http_sd_configs` to Prometheus
 * builds that lack Kubernetes discovery (Debian's package is built without it).
 *
 * The `__meta_kubernetes_*` labels are those documented for the pod role, so the same
 * `relabel_configs` work with either discovery.
 */

/** The parts of a Pod (API JSON or a @kubernetes/client-node V1Pod) the targets are built from. */
export interface PodForTargets {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind?: string; name?: string; controller?: boolean }>;
  };
  spec?: {
    nodeName?: string;
    containers?: ContainerForTargets[];
    initContainers?: ContainerForTargets[];
  };
  status?: {
    podIP?: string;
    hostIP?: string;
    phase?: string;
    conditions?: Array<{ type?: string; status?: string }>;
    containerStatuses?: Array<{ name?: string; containerID?: string }>;
    initContainerStatuses?: Array<{ name?: string; containerID?: string }>;
  };
}

/** A container of {@link PodForTargets}. */
export interface ContainerForTargets {
  name?: string;
  image?: string;
  ports?: Array<{ name?: string; containerPort?: number; protocol?: string }>;
}

/** One `http_sd_configs` target group: `[{ "targets": [...], "labels": {...} }]`. */
export interface HttpSdTargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

const META = '__meta_kubernetes_';

/** A Kubernetes label or annotation name as a Prometheus label name part (like Prometheus' SanitizeLabelName). */
export function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function podReady(pod: PodForTargets): string {
  const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
  return (ready?.status ?? 'Unknown').toLowerCase();
}

/** The pod-level `__meta_kubernetes_*` labels shared by all targets of a pod. */
function podLabels(pod: PodForTargets): Record<string, string> {
  const md = pod.metadata ?? {};
  const labels: Record<string, string> = {
    [`${META}namespace`]: md.namespace ?? '',
    [`${META}pod_name`]: md.name ?? '',
    [`${META}pod_ip`]: pod.status?.podIP ?? '',
    [`${META}pod_ready`]: podReady(pod),
    [`${META}pod_phase`]: pod.status?.phase ?? '',
    [`${META}pod_node_name`]: pod.spec?.nodeName ?? '',
    [`${META}pod_host_ip`]: pod.status?.hostIP ?? '',
    [`${META}pod_uid`]: md.uid ?? '',
  };
  for (const [k, v] of Object.entries(md.labels ?? {})) {
    labels[`${META}pod_label_${sanitizeLabelName(k)}`] = v;
    labels[`${META}pod_labelpresent_${sanitizeLabelName(k)}`] = 'true';
  }
  for (const [k, v] of Object.entries(md.annotations ?? {})) {
    labels[`${META}pod_annotation_${sanitizeLabelName(k)}`] = v;
    labels[`${META}pod_annotationpresent_${sanitizeLabelName(k)}`] = 'true';
  }
  const controller = md.ownerReferences?.find(r => r.controller === true);
  if (controller?.kind) labels[`${META}pod_controller_kind`] = controller.kind;
  if (controller?.name) labels[`${META}pod_controller_name`] = controller.name;
  return labels;
}

/**
 * The targets of one pod, as Prometheus' Kubernetes discovery (role `pod`) builds them: none while
 * the pod has no IP; otherwise one target per declared container port (`podIP:port`) and one
 * port-less target (`podIP`) per container without ports, init containers included. Each target
 * becomes its own group because the container and port labels differ per target.
 */
export function podTargetGroups(pod: PodForTargets): HttpSdTargetGroup[] {
  const ip = pod.status?.podIP;
  if (!ip) return [];
  const base = podLabels(pod);
  const groups: HttpSdTargetGroup[] = [];
  const add = (containers: ContainerForTargets[], statuses: Array<{ name?: string; containerID?: string }>, init: boolean) => {
    for (const c of containers) {
      const containerLabels = {
        [`${META}pod_container_name`]: c.name ?? '',
        [`${META}pod_container_id`]: statuses.find(s => s.name === c.name)?.containerID ?? '',
        [`${META}pod_container_image`]: c.image ?? '',
        [`${META}pod_container_init`]: String(init),
      };
      if (!c.ports?.length) {
        groups.push({ targets: [ip], labels: { ...base, ...containerLabels } });
        continue;
      }
      for (const p of c.ports) {
        const port = String(p.containerPort ?? '');
        groups.push({
          targets: [joinHostPort(ip, port)],
          labels: {
            ...base,
            ...containerLabels,
            [`${META}pod_container_port_name`]: p.name ?? '',
            [`${META}pod_container_port_number`]: port,
            [`${META}pod_container_port_protocol`]: p.protocol ?? 'TCP',
          },
        });
      }
    }
  };
  add(pod.spec?.containers ?? [], pod.status?.containerStatuses ?? [], false);
  add(pod.spec?.initContainers ?? [], pod.status?.initContainerStatuses ?? [], true);
  return groups;
}
