import { gunzipSync } from 'node:zlib';
import { OverviewSnapshot, OverviewSnapshots } from './OverviewSnapshots';

const overviewOf = (app: string, pods = 1) => ({
  app,
  cells: [
    {
      cell: 'dev-1',
      drifted: false,
      reachable: true,
      versions: [],
      pods: Array.from({ length: pods }, (_, i) => ({
        name: `${app}-${i}`,
        cell: 'dev-1',
        ready: true,
        status: 'Running',
        restarts: 0,
        containers: ['app'],
      })),
    },
  ],
});

describe('OverviewSnapshot', () => {
  it('serializes once: JSON, a strong ETag of it, and gzip of the same bytes', () => {
    const s = new OverviewSnapshot(overviewOf('shop') as any);
    expect(JSON.parse(s.json.toString())).toEqual(overviewOf('shop'));
    expect(s.etag).toMatch(/^"[\w-]{27}"$/);
    expect(gunzipSync(s.gzip).equals(s.json)).toBe(true);
    expect(s.gzip).toBe(s.gzip);
    expect(new OverviewSnapshot(overviewOf('shop', 2) as any).etag).not.toBe(
      s.etag,
    );
    expect(new OverviewSnapshot(overviewOf('shop') as any).etag).toBe(s.etag);
  });
});

describe('OverviewSnapshots', () => {
  const build = (app: string, keep = true) =>
    jest.fn(async () => ({
      snapshot: new OverviewSnapshot(overviewOf(app) as any),
      keep,
    }));

  it('reuses the snapshot of the same key, builds anew for another key or none', async () => {
    const snapshots = new OverviewSnapshots();
    const b = build('shop');
    const one = await snapshots.snapshotOf('shop', 'k1', b);
    expect(await snapshots.snapshotOf('shop', 'k1', b)).toBe(one);
    expect(b).toHaveBeenCalledTimes(1);
    expect(await snapshots.snapshotOf('shop', 'k2', b)).not.toBe(one);
    await snapshots.snapshotOf('shop', undefined, b);
    await snapshots.snapshotOf('shop', undefined, b);
    expect(b).toHaveBeenCalledTimes(4);
  });

  it('builds once for views arriving together, and keeps nothing it was told not to', async () => {
    const snapshots = new OverviewSnapshots();
    const b = build('shop');
    const all = await Promise.all(
      Array.from({ length: 20 }, () => snapshots.snapshotOf('shop', 'k', b)),
    );
    expect(b).toHaveBeenCalledTimes(1);
    expect(new Set(all).size).toBe(1);
    const failed = build('bad', false);
    await snapshots.snapshotOf('bad', 'k', failed);
    await snapshots.snapshotOf('bad', 'k', failed);
    expect(failed).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxApps apps, the least recently viewed going first', async () => {
    const snapshots = new OverviewSnapshots(2);
    for (const app of ['a', 'b'])
      await snapshots.snapshotOf(app, 'k', build(app));
    // a viewed again: b is the least recent
    await snapshots.snapshotOf('a', 'k', build('a'));
    await snapshots.snapshotOf('c', 'k', build('c'));
    expect(snapshots.size).toBe(2);
    expect(snapshots.get('a', 'k')).toBeDefined();
    expect(snapshots.get('b', 'k')).toBeUndefined();
  });
});
