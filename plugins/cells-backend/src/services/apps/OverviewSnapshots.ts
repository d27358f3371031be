import { AppOverview } from '@cellport/plugin-cells-common';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/**
 * An app overview serialized once: its JSON, a strong ETag of that JSON and, made on the first
 * request that accepts it, its gzip encoding. Every view of the same state answers with these
 * bytes instead of serializing and compressing again.
 *
 * @public
 */
export class OverviewSnapshot {
  /** The JSON of {@link OverviewSnapshot.overview}, UTF-8. */
  readonly json: Buffer;
  /** A strong entity tag of the JSON (quoted, as sent in the ETag header). */
  readonly etag: string;
  private gzipped?: Buffer;

  constructor(readonly overview: AppOverview) {
    this.json = Buffer.from(JSON.stringify(overview));
    this.etag = `"${createHash('sha1').update(this.json).digest('base64url')}"`;
  }

  /** The JSON, gzip-encoded (made once). */
  get gzip(): Buffer {
    this.gzipped ??= gzipSync(this.json);
    return this.gzipped;
  }
}

/**
 * The last {@link OverviewSnapshot} of each app with the key of the state it shows (the app's
 * cells in the database and the versions of the cells' watch-backed caches). A view whose key
 * equals the kept one reuses the snapshot; any other key replaces it. At most `maxApps` apps are
 * kept, the least recently viewed going first.
 *
 * @public
 */
export class OverviewSnapshots {
  private readonly byApp = new Map<
    string,
    { key: string; snapshot: OverviewSnapshot }
  >();
  private readonly building = new Map<
    string,
    { key: string; snapshot: Promise<OverviewSnapshot> }
  >();

  constructor(private readonly maxApps = 1000) {}

  /**
   * The snapshot of `app` for `key`: the kept one, the one being built for the same key (views
   * arriving together after a change wait for one build), or a new one from `build`, kept when
   * it says so. Without a key, always a new one, never kept.
   */
  async snapshotOf(
    app: string,
    key: string | undefined,
    build: () => Promise<{ snapshot: OverviewSnapshot; keep: boolean }>,
  ): Promise<OverviewSnapshot> {
    if (key === undefined) return (await build()).snapshot;
    const kept = this.get(app, key);
    if (kept) return kept;
    const inFlight = this.building.get(app);
    if (inFlight?.key === key) return inFlight.snapshot;
    const snapshot = build().then(built => {
      if (built.keep) this.set(app, key, built.snapshot);
      return built.snapshot;
    });
    const done = () => {
      if (this.building.get(app)?.snapshot === snapshot)
        this.building.delete(app);
    };
    snapshot.then(done, done);
    this.building.set(app, { key, snapshot });
    return snapshot;
  }

  /** The snapshot of `app` made for `key`, if it is the one kept. */
  get(app: string, key: string): OverviewSnapshot | undefined {
    const entry = this.byApp.get(app);
    if (!entry || entry.key !== key) return undefined;
    // most recently used last
    this.byApp.delete(app);
    this.byApp.set(app, entry);
    return entry.snapshot;
  }

  /** Keeps `snapshot` as the one of `app` for `key`. */
  set(app: string, key: string, snapshot: OverviewSnapshot): void {
    this.byApp.delete(app);
    this.byApp.set(app, { key, snapshot });
    while (this.byApp.size > this.maxApps) {
      this.byApp.delete(this.byApp.keys().next().value!);
    }
  }

  /** Apps kept (for tests). */
  get size(): number {
    return this.byApp.size;
  }
}
