import { humanDuration } from './humanDuration';
import { formatSelector, PRINTERS } from './printers';
import { tableRequested, toTable } from './table';
import { resourceForKind } from './resources';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

describe('printers (v1.26 columns)', () => {
  it('prints a deployment like kube-apiserver', () => {
    const d = {
      metadata: { name: 'web', creationTimestamp: ago(95) },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web', tier: 'fe' } }, template: { spec: { containers: [{ name: 'web', image: 'r/web:1' }, { name: 'side', image: 'r/side:2' }] } } },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    expect(PRINTERS.Deployment.columns.map(c => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Ready:0', 'Up-to-date:0', 'Available:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1']);
    expect(PRINTERS.Deployment.print(d as any, NOW).cells).toEqual(['web', '2/3', 3, 2, '95s', 'web,side', 'r/web:1,r/side:2', 'app=web,tier=fe']);
  });

  it('prints pod status, restarts with the last restart, and wide cells', () => {
    const pod = {
      metadata: { name: 'p', creationTimestamp: ago(600) },
      spec: { nodeName: 'n1', containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running', podIPs: [{ ip: '127.1.0.1' }],
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 0, state: { running: {} } },
          { name: 'b', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { finishedAt: ago(30) } } },
        ],
      },
    };
    expect(PRINTERS.Pod.print(pod as any, NOW).cells).toEqual(['p', '1/2', 'CrashLoopBackOff', '3 (30s ago)', '10m', '127.1.0.1', 'n1', '<none>', '<none>']);
    const terminating = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: ago(1) } };
    expect(PRINTERS.Pod.print(terminating as any, NOW).cells[2]).toBe('Terminating');
  });

  it('prints services, events and the default selector format', () => {
    const svc = { metadata: { name: 's', creationTimestamp: ago(3 * 3600) }, spec: { type: 'NodePort', clusterIPs: ['10.96.0.9'], selector: { b: '2', a: '1' }, ports: [{ port: 80, nodePort: 30001, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] } };
    expect(PRINTERS.Service.print(svc as any, NOW).cells).toEqual(['s', 'NodePort', '10.96.0.9', '<none>', '80:30001/TCP,53/UDP', '3h', 'a=1,b=2']);
    const ev = { metadata: { name: 'e1' }, type: 'Normal', reason: 'Scheduled', involvedObject: { kind: 'Pod', name: 'p' }, message: ' ok ', firstTimestamp: ago(120), lastTimestamp: ago(60), count: 2, source: { component: 'default-scheduler' } };
    expect(PRINTERS.Event.print(ev as any, NOW).cells).toEqual(['60s', 'Normal', 'Scheduled', 'pod/p', '', 'default-scheduler', 'ok', '2m', 2, 'e1']);
    expect(formatSelector({ matchLabels: { z: '1' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['y', 'x'] }] })).toBe('a in (x,y),z=1');
  });

  it('humanizes durations like apimachinery', () => {
    expect([59, 119, 120, 185, 600, 3 * 3600, 5 * 3600 + 120, 30 * 3600, 3 * 86400 + 3600, 400 * 86400].map(s => humanDuration(s * 1000)))
      .toEqual(['59s', '119s', '2m', '3m5s', '10m', '3h', '5h2m', '30h', '3d1h', '400d']);
  });
});

describe('Table negotiation', () => {
  it('answers kubectl\'s Accept header with a meta.k8s.io/v1 Table carrying partial metadata', () => {
    const req = { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' } };
    expect(tableRequested(req as any)).toBe('v1');
    expect(tableRequested({ headers: { accept: 'application/json' } } as any)).toBeUndefined();
    const table: any = toTable(resourceForKind('Namespace'), [{ metadata: { name: 'a', creationTimestamp: ago(5) }, status: { phase: 'Active' } } as any], new URLSearchParams(), { resourceVersion: '7' }, 'v1', NOW);
    expect(table).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '7' } });
    expect(table.rows[0]).toEqual({ cells: ['a', 'Active', '5s'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'a', creationTimestamp: ago(5) } } });
  });
});
