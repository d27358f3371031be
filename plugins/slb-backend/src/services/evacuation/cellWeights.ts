/**
 * Reads the cells' weight marks of a group (`/slb/{group}/evacuated/{cell}`), which the service
 * discovery applies to every upstream it writes (see `applyCellWeights` in slb-common).
 */
import { Etcd3 } from 'etcd3';
import { cellWeightMarkKey, cellWeightMarkSchema } from '@cellport/plugin-slb-common';

/** Percent of their weight per marked cell (0: out of every upstream); unmarked cells are absent. */
export async function readCellWeights(client: Etcd3, group: string): Promise<Map<string, number>> {
  const prefix = cellWeightMarkKey(group, '');
  return cellWeightsOf(prefix, Object.entries(await client.getAll().prefix(prefix).strings()));
}

/** The weights of the marks read under the group's prefix (`cellWeightMarkKey(group, '')`). */
export function cellWeightsOf(prefix: string, marks: Array<[string, string]>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, value] of marks) {
    let percent = 0; // a mark that cannot be read keeps the cell out rather than in
    try {
      const parsed = cellWeightMarkSchema.safeParse(JSON.parse(value));
      if (parsed.success) percent = parsed.data.percent;
    } catch {
      // not JSON: out
    }
    out.set(key.slice(prefix.length), percent);
  }
  return out;
}
