/**
 * The admin view's LB special configuration: every domain whose extra Nginx directives are set,
 * across every LB group's etcd, with who set them and when.
 */
import { SlbDomain, SpecialConfig, SpecialConfigsReport } from '@cellport/plugin-slb-common';
import { ConfiguredGroup } from '../ConfigGroupSupplier';

/** Where the domains come from: the configured groups and their etcd. */
export interface SpecialConfigSources {
  groups: { read(): ConfiguredGroup[] };
  etcd: { listDomains(group: ConfiguredGroup): Promise<SlbDomain[]> };
}

/**
 * Lists special configuration across LB groups; a group whose etcd cannot be read is reported
 * in `errors` while the others are still listed.
 *
 * @public
 */
export class SpecialConfigs {
  constructor(private readonly sources: SpecialConfigSources) {}

  async list(): Promise<SpecialConfigsReport> {
    const groups = this.sources.groups.read();
    const results = await Promise.allSettled(groups.map(g => this.sources.etcd.listDomains(g)));
    const items: SpecialConfig[] = [];
    const errors: Array<{ group: string; error: string }> = [];
    results.forEach((result, i) => {
      const group = groups[i];
      if (result.status === 'rejected') {
        const e = result.reason;
        errors.push({ group: group.name, error: e instanceof Error ? e.message : String(e) });
        return;
      }
      for (const d of result.value) {
        if (!d.extraDirectives?.trim()) continue;
        items.push({
          domain: d.name,
          group: group.name,
          region: group.region,
          app: d.app,
          directives: d.extraDirectives,
          setBy: d.directivesSetBy,
          setAt: d.directivesSetAt ?? d.updatedAt,
        });
      }
    });
    items.sort((a, b) => a.domain.localeCompare(b.domain));
    return { items, errors };
  }
}
