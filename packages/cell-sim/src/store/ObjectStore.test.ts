import { resourceForKind } from '../api/resources';
import { ObjectStore, TooOldResourceVersionError, WatchDelivery } from './ObjectStore';

const CM = resourceForKind('ConfigMap');
const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', labels } });

describe('ObjectStore', () => {
  it('replays history after a resourceVersion and translates selector transitions', () => {
    const store = new ObjectStore(100);
    const a = store.create(CM, cm('a', { pick: 'yes' }));
    const got: WatchDelivery[] = [];
    store.watch(CM, Number(a.metadata.resourceVersion) - 1, o => o.metadata.labels?.pick === 'yes', d => got.push(d));
    store.update(CM, { ...store.get(CM, 'ns', 'a')!, metadata: { ...a.metadata, labels: {} } });
    store.update(CM, { ...store.get(CM, 'ns', 'a')!, metadata: { ...a.metadata, labels: { pick: 'yes' } } });
    store.remove(CM, 'ns', 'a');
    expect(got.map(d => d.type)).toEqual(['ADDED', 'DELETED', 'ADDED', 'DELETED']);
  });

  it('answers too old resource versions after compaction and bounded history', () => {
    const store = new ObjectStore(3);
    const first = store.create(CM, cm('x'));
    for (let i = 0; i < 5; i++) store.create(CM, cm(`y${i}`));
    expect(() => store.watch(CM, Number(first.metadata.resourceVersion), () => true, () => {})).toThrow(TooOldResourceVersionError);
    store.compact();
    expect(() => store.snapshot(CM, Number(first.metadata.resourceVersion))).toThrow(TooOldResourceVersionError);
  });

  it('reconstructs snapshots for consistent continue pages', () => {
    const store = new ObjectStore(100);
    store.create(CM, cm('a'));
    const rv = store.currentRv();
    store.create(CM, cm('b'));
    store.remove(CM, 'ns', 'a');
    expect([...store.snapshot(CM, rv).keys()]).toEqual(['ns/a']);
    expect(store.listSorted(CM).map(e => e.key)).toEqual(['ns/b']);
  });
});
