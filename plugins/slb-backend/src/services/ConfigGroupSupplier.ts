import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { isDnsLabel, SlbGroup } from '@cellport/plugin-slb-common';
import { SlbGroupSupplier } from '@cellport/plugin-slb-node';

/** A configured group with the data port its hosts listen on. */
export type ConfiguredGroup = SlbGroup & { httpPort: number };

/**
 * LB groups from `cellport.slb.groups`, read at every call so config reloads take effect.
 */
export class ConfigGroupSupplier implements SlbGroupSupplier {
  constructor(private readonly config: Config) {}

  async getGroups(): Promise<ConfiguredGroup[]> {
    return this.read();
  }

  /** The groups, synchronously (config is in memory). */
  read(): ConfiguredGroup[] {
    const groups = this.config.getOptionalConfigArray('cellport.slb.groups') ?? [];
    const seen = new Set<string>();
    return groups.map(g => {
      const name = g.getString('name');
      if (!isDnsLabel(name) || seen.has(name)) {
        throw new InputError(`cellport.slb.groups: '${name}' must be a unique DNS-1123 label`);
      }
      seen.add(name);
      const visibility = g.getOptionalString('visibility') ?? 'public';
      if (visibility !== 'public' && visibility !== 'internal') {
        throw new InputError(`cellport.slb.groups[${name}].visibility must be public or internal`);
      }
      return {
        name,
        region: g.getString('region'),
        vip: g.getString('vip'),
        cnameSuffix: g.getString('cnameSuffix'),
        visibility,
        etcdEndpoints: g.getStringArray('etcd.endpoints'),
        httpPort: g.getOptionalNumber('httpPort') ?? 80,
      };
    });
  }
}
