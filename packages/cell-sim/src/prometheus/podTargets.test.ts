import { podTargetGroups, sanitizeLabelName } from './podTargets';

const pod = (extra: any = {}) => ({
  metadata: {
    name: 'shop-v1-abc-x1',
    namespace: 'shop',
    uid: 'u-1',
    labels: { 'cellport.io/app': 'shop', 'cellport.io/version': 'v1' },
    annotations: { 'prometheus.io/scrape': 'true' },
    ownerReferences: [{ kind: 'ReplicaSet', name: 'shop-v1-abc', controller: true }],
  },
  spec: {
    nodeName: 'node-1',
    containers: [
      { name: 'web', image: 'shop:v1', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'admin', containerPort: 9000 }] },
      { name: 'sidecar', image: 'proxy:1' },
    ],
    initContainers: [{ name: 'init', image: 'busybox' }],
  },
  status: {
    podIP: '127.30.0.5',
    hostIP: '127.30.253.1',
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'web', containerID: 'containerd://abc' }],
  },
  ...extra,
});

describe('podTargetGroups (Prometheus kubernetes_sd role pod semantics)', () => {
  it('builds one target per container port and one port-less target per container without ports', () => {
    const groups = podTargetGroups(pod());
    expect(groups.map(g => g.targets[0])).toEqual(['127.30.0.5:8080', '127.30.0.5:9000', '127.30.0.5', '127.30.0.5']);
    const [http, admin, sidecar, init] = groups.map(g => g.labels);
    expect(http).toMatchObject({
      __meta_kubernetes_namespace: 'shop',
      __meta_kubernetes_pod_name: 'shop-v1-abc-x1',
      __meta_kubernetes_pod_ip: '127.30.0.5',
      __meta_kubernetes_pod_ready: 'true',
      __meta_kubernetes_pod_phase: 'Running',
      __meta_kubernetes_pod_node_name: 'node-1',
      __meta_kubernetes_pod_host_ip: '127.30.253.1',
      __meta_kubernetes_pod_uid: 'u-1',
      __meta_kubernetes_pod_label_cellport_io_app: 'shop',
      __meta_kubernetes_pod_labelpresent_cellport_io_app: 'true',
      __meta_kubernetes_pod_label_cellport_io_version: 'v1',
      __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true',
      __meta_kubernetes_pod_annotationpresent_prometheus_io_scrape: 'true',
      __meta_kubernetes_pod_controller_kind: 'ReplicaSet',
      __meta_kubernetes_pod_controller_name: 'shop-v1-abc',
      __meta_kubernetes_pod_container_name: 'web',
      __meta_kubernetes_pod_container_id: 'containerd://abc',
      __meta_kubernetes_pod_container_image: 'shop:v1',
      __meta_kubernetes_pod_container_init: 'false',
      __meta_kubernetes_pod_container_port_name: 'http',
      __meta_kubernetes_pod_container_port_number: '8080',
      __meta_kubernetes_pod_container_port_protocol: 'TCP',
    });
    expect(admin).toMatchObject({ __meta_kubernetes_pod_container_port_name: 'admin', __meta_kubernetes_pod_container_port_protocol: 'TCP' });
    expect(sidecar).not.toHaveProperty('__meta_kubernetes_pod_container_port_number');
    expect(sidecar.__meta_kubernetes_pod_container_name).toBe('sidecar');
    expect(init).toMatchObject({ __meta_kubernetes_pod_container_name: 'init', __meta_kubernetes_pod_container_init: 'true' });
  });

  it('has no targets while the pod has no IP', () => {
    expect(podTargetGroups(pod({ status: { phase: 'Pending' } }))).toEqual([]);
  });

  it('reports readiness unknown without a Ready condition and brackets IPv6 addresses', () => {
    const [g] = podTargetGroups(pod({ status: { podIP: 'fd00::5', phase: 'Running' } }));
    expect(g.targets).toEqual(['[fd00::5]:8080']);
    expect(g.labels.__meta_kubernetes_pod_ready).toBe('unknown');
  });

  it('sanitizes label names like Prometheus', () => {
    expect(sanitizeLabelName('app.kubernetes.io/name')).toBe('app_kubernetes_io_name');
    expect(sanitizeLabelName('a-b_c9')).toBe('a_b_c9');
  });
});
