import { CoreV1Event } from '@kubernetes/client-node';
import { bestEventTime, compareEventsNewestFirst } from './eventOrder';
import { eventSummary } from './summaries';

/** A core/v1 Event as the controller manager writes it: whole-second timestamps. */
const kcmEvent = (
  name: string,
  rv: string,
  at: string,
  reason: string,
): CoreV1Event => ({
  metadata: { name, resourceVersion: rv },
  involvedObject: { kind: 'ReplicaSet', name: 'shop-v2-abc' },
  reason,
  message: reason,
  type: 'Normal',
  firstTimestamp: new Date(at),
  lastTimestamp: new Date(at),
  count: 1,
  source: { component: 'replicaset-controller' },
});

/** An events.k8s.io event seen through core/v1, as the scheduler writes it: microsecond eventTime. */
const schedulerEvent = (
  name: string,
  rv: string,
  eventTime: string,
): CoreV1Event => ({
  metadata: { name, resourceVersion: rv },
  involvedObject: { kind: 'Pod', name: 'shop-v2-abc-x1' },
  reason: 'Scheduled',
  message: 'Successfully assigned',
  type: 'Normal',
  eventTime: new Date(eventTime),
  reportingComponent: 'default-scheduler',
});

describe('event order', () => {
  it('takes the best time an event has', () => {
    expect(
      bestEventTime(
        schedulerEvent('s', '1', '2026-01-01T00:00:23.189Z'),
      ).toISOString(),
    ).toBe('2026-01-01T00:00:23.189Z');
    expect(
      bestEventTime({
        ...schedulerEvent('s', '1', '2026-01-01T00:00:23.189Z'),
        series: {
          count: 3,
          lastObservedTime: new Date('2026-01-01T00:00:41.5Z'),
        },
      }).toISOString(),
    ).toBe('2026-01-01T00:00:41.500Z');
    // a later whole-second lastTimestamp beats an older precise eventTime
    expect(
      bestEventTime({
        ...schedulerEvent('s', '1', '2026-01-01T00:00:23.189Z'),
        lastTimestamp: new Date('2026-01-01T00:00:30Z'),
      }).toISOString(),
    ).toBe('2026-01-01T00:00:30.000Z');
    expect(
      bestEventTime(
        kcmEvent('k', '1', '2026-01-01T00:00:23Z', 'x'),
      ).toISOString(),
    ).toBe('2026-01-01T00:00:23.000Z');
  });

  it('puts a delete at 23.75 s (recorded 23) above a schedule at 23.189 s: within a second, the write order', () => {
    const raw = [
      kcmEvent('created', '100', '2026-01-01T00:00:22Z', 'SuccessfulCreate'),
      schedulerEvent('scheduled', '110', '2026-01-01T00:00:23.189Z'),
      kcmEvent('deleted', '120', '2026-01-01T00:00:23Z', 'SuccessfulDelete'),
    ];
    const merged = raw
      .map(e => eventSummary('dev-1', e))
      .sort(compareEventsNewestFirst);
    expect(merged.map(e => e.reason)).toEqual([
      'SuccessfulDelete',
      'Scheduled',
      'SuccessfulCreate',
    ]);
    expect(merged[1].at).toBe('2026-01-01T00:00:23.189Z');
  });

  it('gives the same order whatever order the cells answered in', () => {
    const one = [
      kcmEvent('a', '7', '2026-01-01T00:00:05Z', 'A'),
      kcmEvent('b', '9', '2026-01-01T00:00:05Z', 'B'),
    ].map(e => eventSummary('dev-1', e));
    const two = [
      schedulerEvent('c', '3', '2026-01-01T00:00:05.5Z'),
      kcmEvent('d', '4', '2026-01-01T00:00:06Z', 'D'),
    ].map(e => eventSummary('dev-2', e));
    const forward = [...one, ...two]
      .sort(compareEventsNewestFirst)
      .map(e => `${e.cell}/${e.reason}`);
    const backward = [...two, ...one]
      .reverse()
      .sort(compareEventsNewestFirst)
      .map(e => `${e.cell}/${e.reason}`);
    expect(forward).toEqual([
      'dev-2/D',
      'dev-1/B',
      'dev-1/A',
      'dev-2/Scheduled',
    ]);
    expect(backward).toEqual(forward);
  });
});
