import { ConflictError, NotFoundError } from '@backstage/errors';
import { Page, pageOfRows } from '@cellport/common';
import { App, AppVersion, VersionSpec } from '@cellport/plugin-cells-common';
import { Knex } from 'knex';
import { AppListFilter, AppListing, AppStore } from './types';

type AppRow = {
  name: string;
  description: string | null;
  component_ref: string | null;
  production: boolean | number;
  region: string;
  image_repository: string | null;
  current_version: string | null;
  created_by: string;
  created_at: Date | string | number;
};

type CellRow = { app: string; cell: string; stable_version: string | null };

type VersionRow = {
  id: number | string;
  app: string;
  name: string;
  spec: string;
  created_by: string;
  created_at: Date | string | number;
};

/** Timestamps come back as Date (PostgreSQL), number or string (SQLite): always ISO 8601 out. */
function toIso(value: Date | string | number): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  const parsed = new Date(
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  );
  return Number.isNaN(parsed.getTime()) ? String(value) : parsed.toISOString();
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' ||
    (typeof err?.code === 'string' &&
      err.code.startsWith('SQLITE_CONSTRAINT')) ||
    /unique constraint|UNIQUE constraint failed/i.test(err?.message ?? '')
  );
}

function toApp(row: AppRow, cells: CellRow[]): App {
  const current = row.current_version ?? undefined;
  return {
    name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.component_ref !== null ? { componentRef: row.component_ref } : {}),
    production: Boolean(row.production),
    region: row.region,
    cells: cells
      .sort((a, b) => a.cell.localeCompare(b.cell))
      .map(c => ({
        cell: c.cell,
        ...(c.stable_version !== null
          ? { stableVersion: c.stable_version }
          : {}),
        drifted: Boolean(
          current && c.stable_version !== null && c.stable_version !== current,
        ),
      })),
    ...(row.image_repository !== null
      ? { imageRepository: row.image_repository }
      : {}),
    ...(current ? { currentVersion: current } : {}),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}

function toVersion(row: VersionRow): AppVersion {
  return {
    app: row.app,
    name: row.name,
    spec: JSON.parse(row.spec) as VersionSpec,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}

/**
 * The {@link AppStore} on knex (SQLite or PostgreSQL): tables `apps`, `app_cells` and
 * `app_versions` (migrated by `applyAppMigrations`).
 *
 * @public
 */
export class KnexAppStore implements AppStore, AppListing {
  static create(options: { knex: Knex }): KnexAppStore {
    return new KnexAppStore(options.knex);
  }

  private constructor(private readonly knex: Knex) {}

  async createApp(
    app: Omit<App, 'currentVersion' | 'createdAt'>,
  ): Promise<App> {
    try {
      await this.knex.transaction(async tx => {
        await tx<AppRow>('apps').insert({
          name: app.name,
          description: app.description ?? null,
          component_ref: app.componentRef ?? null,
          production: app.production,
          region: app.region,
          image_repository: app.imageRepository ?? null,
          current_version: null,
          created_by: app.createdBy,
          created_at: new Date(),
        });
        if (app.cells.length > 0) {
          await tx<CellRow>('app_cells').insert(
            app.cells.map(c => ({
              app: app.name,
              cell: c.cell,
              stable_version: c.stableVersion ?? null,
            })),
          );
        }
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new ConflictError(`An app named '${app.name}' already exists`);
      }
      throw e;
    }
    return (await this.getApp(app.name))!;
  }

  async getApp(name: string): Promise<App | undefined> {
    const [app] = await this.getApps([name]);
    return app;
  }

  async listApps(
    options: {
      filter?: AppListFilter;
      q?: string;
      limit?: number;
      after?: string;
    } = {},
  ): Promise<App[]> {
    let query = this.knex<AppRow>('apps').select('apps.*');
    if (options.filter) {
      query = options.filter.apply(query, 'apps.name');
    }
    if (options.after !== undefined) {
      query = query.where('apps.name', '>', options.after);
    }
    const q = options.q?.trim().toLocaleLowerCase('en-US');
    if (q) {
      const pattern = `%${q.replace(/[\\%_]/g, c => `\\${c}`)}%`;
      query = query.whereRaw(`LOWER(apps.name) LIKE ? ESCAPE '\\'`, [pattern]);
    }
    const rows: AppRow[] = await query
      .orderBy('apps.name')
      .limit(options.limit ?? 1000);
    return this.withCells(rows);
  }

  async getApps(names: string[]): Promise<App[]> {
    if (names.length === 0) {
      return [];
    }
    const rows = await this.knex<AppRow>('apps').whereIn('name', names);
    const apps = await this.withCells(rows);
    const byName = new Map(apps.map(a => [a.name, a]));
    return names.flatMap(n => (byName.has(n) ? [byName.get(n)!] : []));
  }

  async updateApp(
    name: string,
    patch: {
      description?: string;
      componentRef?: string | null;
      imageRepository?: string | null;
    },
  ): Promise<App> {
    const update: Partial<AppRow> = {};
    if (patch.description !== undefined) update.description = patch.description;
    if (patch.componentRef !== undefined)
      update.component_ref = patch.componentRef;
    if (patch.imageRepository !== undefined) {
      update.image_repository = patch.imageRepository;
    }
    if (Object.keys(update).length > 0) {
      await this.knex<AppRow>('apps').where({ name }).update(update);
    }
    const app = await this.getApp(name);
    if (!app) {
      throw new NotFoundError(`App '${name}' not found`);
    }
    return app;
  }

  async deleteApp(name: string): Promise<boolean> {
    return this.knex.transaction(async tx => {
      await tx('app_versions').where({ app: name }).delete();
      await tx('app_cells').where({ app: name }).delete();
      return (await tx('apps').where({ name }).delete()) > 0;
    });
  }

  async setStableVersion(
    app: string,
    cell: string,
    version: string | null,
  ): Promise<void> {
    const updated = await this.knex<CellRow>('app_cells')
      .where({ app, cell })
      .update({ stable_version: version });
    if (updated === 0) {
      throw new NotFoundError(`App '${app}' has no cell '${cell}'`);
    }
  }

  async addAppCell(
    app: string,
    cell: string,
    first?: { version: string; replicas: number },
  ): Promise<App> {
    try {
      await this.knex.transaction(async tx => {
        if (!(await tx<AppRow>('apps').where({ name: app }).first())) {
          throw new NotFoundError(`App '${app}' not found`);
        }
        if (first) {
          const row = await tx<VersionRow>('app_versions')
            .where({ app, name: first.version })
            .first();
          if (!row) {
            throw new NotFoundError(
              `App '${app}' has no version '${first.version}'`,
            );
          }
          const spec = JSON.parse(row.spec) as VersionSpec;
          spec.replicas = { ...spec.replicas, [cell]: first.replicas };
          await tx<VersionRow>('app_versions')
            .where({ id: row.id })
            .update({ spec: JSON.stringify(spec) });
        }
        await tx<CellRow>('app_cells').insert({
          app,
          cell,
          stable_version: first?.version ?? null,
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new ConflictError(`App '${app}' already runs in cell '${cell}'`);
      }
      throw e;
    }
    return (await this.getApp(app))!;
  }

  async setCurrentVersion(app: string, version: string | null): Promise<void> {
    const updated = await this.knex<AppRow>('apps')
      .where({ name: app })
      .update({ current_version: version });
    if (updated === 0) {
      throw new NotFoundError(`App '${app}' not found`);
    }
  }

  async createVersion(input: {
    app: string;
    name: string;
    spec: VersionSpec;
    createdBy: string;
  }): Promise<AppVersion> {
    const app = await this.knex<AppRow>('apps')
      .where({ name: input.app })
      .first();
    if (!app) {
      throw new NotFoundError(`App '${input.app}' not found`);
    }
    try {
      await this.knex<VersionRow>('app_versions').insert({
        app: input.app,
        name: input.name,
        spec: JSON.stringify(input.spec),
        created_by: input.createdBy,
        created_at: new Date(),
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new ConflictError(
          `App '${input.app}' already has a version '${input.name}'`,
        );
      }
      throw e;
    }
    return (await this.getVersion(input.app, input.name))!;
  }

  async getVersion(app: string, name: string): Promise<AppVersion | undefined> {
    const row = await this.knex<VersionRow>('app_versions')
      .where({ app, name })
      .first();
    return row ? toVersion(row) : undefined;
  }

  async listVersions(app: string): Promise<AppVersion[]> {
    const rows = await this.knex<VersionRow>('app_versions')
      .where({ app })
      .orderBy('id', 'desc');
    return rows.map(toVersion);
  }

  async listVersionPage(
    app: string,
    page: { limit: number; beforeId?: number },
  ): Promise<Page<AppVersion>> {
    let query = this.knex<VersionRow>('app_versions').where({ app });
    if (page.beforeId !== undefined) {
      query = query.where('id', '<', page.beforeId);
    }
    const rows: VersionRow[] = await query
      .orderBy('id', 'desc')
      .limit(page.limit + 1);
    const { items, nextCursor } = pageOfRows(rows, page.limit, r => [
      String(r.id),
    ]);
    return { items: items.map(toVersion), ...(nextCursor ? { nextCursor } : {}) };
  }

  async deleteVersion(app: string, name: string): Promise<boolean> {
    return (await this.knex('app_versions').where({ app, name }).delete()) > 0;
  }

  private async withCells(rows: AppRow[]): Promise<App[]> {
    if (rows.length === 0) {
      return [];
    }
    const cells = await this.knex<CellRow>('app_cells').whereIn(
      'app',
      rows.map(r => r.name),
    );
    const byApp = new Map<string, CellRow[]>();
    for (const cell of cells) {
      byApp.set(cell.app, [...(byApp.get(cell.app) ?? []), cell]);
    }
    return rows.map(r => toApp(r, byApp.get(r.name) ?? []));
  }
}
