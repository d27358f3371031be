import type { V1Pod } from '@kubernetes/client-node';
import {
  podStatusText,
  podSummary,
  rankPodsForDeletion,
  readyAddressesOfSlices,
} from './summaries';

function pod(
  name: string,
  options: {
    ready?: boolean;
    readySince?: string;
    created?: string;
    node?: string | null;
    phase?: string;
    restarts?: number;
    waiting?: string;
    deleting?: boolean;
  } = {},
): V1Pod {
  return {
    metadata: {
      name,
      labels: { 'cellport.io/version': 'v1' },
      creationTimestamp: new Date(
        options.created ?? '2026-01-01T00:00:00Z',
      ) as any,
      ...(options.deleting ? { deletionTimestamp: new Date() as any } : {}),
    },
    spec: {
      nodeName: options.node === null ? undefined : options.node ?? 'node-1',
      containers: [{ name: 'app' }],
    },
    status: {
      phase: options.phase ?? 'Running',
      podIP: `127.0.0.${name.length}`,
      conditions: [
        {
          type: 'Ready',
          status: options.ready === false ? 'False' : 'True',
          lastTransitionTime: new Date(
            options.readySince ?? '2026-01-01T00:01:00Z',
          ) as any,
        },
      ],
      containerStatuses: [
        {
          name: 'app',
          image: 'x',
          imageID: '',
          ready: options.ready !== false,
          restartCount: options.restarts ?? 0,
          state: options.waiting
            ? { waiting: { reason: options.waiting } }
            : { running: {} },
        },
      ],
    },
  };
}

describe('pod summaries', () => {
  it('says Terminating, the waiting reason, or the phase', () => {
    expect(podStatusText(pod('a', { deleting: true }))).toBe('Terminating');
    expect(
      podStatusText(pod('a', { waiting: 'CrashLoopBackOff', ready: false })),
    ).toBe('CrashLoopBackOff');
    expect(podStatusText(pod('a', { phase: 'Pending', ready: false }))).toBe(
      'Pending',
    );
    expect(podStatusText(pod('a'))).toBe('Running');
  });

  it('summarizes a pod', () => {
    expect(podSummary('dev-1', pod('abc', { restarts: 2 }))).toEqual({
      name: 'abc',
      cell: 'dev-1',
      version: 'v1',
      ip: '127.0.0.3',
      node: 'node-1',
      status: 'Running',
      ready: true,
      restarts: 2,
      createdAt: '2026-01-01T00:00:00.000Z',
      containers: ['app'],
    });
  });

  it('ranks pods for deletion like the ReplicaSet controller', () => {
    const ranked = rankPodsForDeletion([
      pod('old-ready', { readySince: '2026-01-01T00:01:00Z' }),
      pod('new-ready', { readySince: '2026-01-01T00:05:00Z' }),
      pod('not-ready', { ready: false }),
      pod('unscheduled', { node: null, phase: 'Pending', ready: false }),
      pod('pending', { phase: 'Pending', ready: false }),
    ]).map(p => p.metadata!.name);
    expect(ranked).toEqual([
      'unscheduled',
      'pending',
      'not-ready',
      'new-ready',
      'old-ready',
    ]);
    const ties = rankPodsForDeletion([
      pod('older', { created: '2026-01-01T00:00:00Z' }),
      pod('newer', { created: '2026-01-02T00:00:00Z' }),
      pod('restarted', { restarts: 3, created: '2025-12-01T00:00:00Z' }),
    ]).map(p => p.metadata!.name);
    expect(ties).toEqual(['restarted', 'newer', 'older']);
  });

  it('reads the ready addresses of EndpointSlices', () => {
    const ready = readyAddressesOfSlices([
      {
        addressType: 'IPv4',
        endpoints: [
          { addresses: ['127.0.0.1'], conditions: { ready: true } },
          {
            addresses: ['127.0.0.2'],
            conditions: { ready: false, terminating: true },
          },
          { addresses: ['127.0.0.3'] },
        ],
      },
    ]);
    expect([...ready].sort()).toEqual(['127.0.0.1', '127.0.0.3']);
  });
});
