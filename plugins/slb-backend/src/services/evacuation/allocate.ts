/**
 * Where an evacuated cell's replicas of one app go: one at a time to the other cell with the
 * fewest replicas that still has room, never past a cell's free capacity; what is left is named.
 */
import { AppCellPlacement } from '@cellport/plugin-cells-node';
import { AppEvacuationPlan } from '@cellport/plugin-slb-common';

/**
 * The plan of one app: `placement` is every cell of the app; `servers` its servers of the cell in
 * the upstreams; `unavailable` cells that may not carry (unreachable, or evacuated) with why.
 */
export function allocateApp(options: {
  app: string;
  cell: string;
  servers: number;
  placement: AppCellPlacement[];
  unavailable: ReadonlyMap<string, string>;
}): AppEvacuationPlan {
  const { app, cell, servers, placement, unavailable } = options;
  const notes: string[] = [];
  const own = placement.find(p => p.cell === cell);
  const version = own?.stableVersion;
  // an unreachable cell's Deployment cannot be read: its last known servers, else its spec; a
  // reachable cell without the Deployment carries what it serves (its servers)
  let replicas = own?.desired ?? servers;
  if (own && own.desired === undefined && !own.reachable) {
    replicas = Math.max(servers, own.specReplicas);
    notes.push(`cell '${cell}' could not be read: its ${replicas} replicas are counted from ${servers >= own.specReplicas ? 'its last known servers' : "the app's spec"}`);
  } else if (own && own.desired === undefined) {
    notes.push(`cell '${cell}' runs no Deployment of ${version ?? 'the app'}: its ${servers} servers are carried`);
  }
  if (own?.autoscaling) {
    notes.push(`in '${cell}' the version autoscales (${own.autoscaling.min}-${own.autoscaling.max}): the other cells' HPAs carry the load`);
  }
  const candidates = placement
    .filter(p => p.cell !== cell)
    .filter(p => {
      const why = unavailable.get(p.cell);
      if (why) {
        notes.push(`cell '${p.cell}' cannot carry replicas: ${why}`);
        return false;
      }
      if (!p.reachable) {
        notes.push(`cell '${p.cell}' cannot carry replicas: unreachable${p.error ? ` (${p.error})` : ''}`);
        return false;
      }
      if (p.autoscaling) {
        notes.push(`cell '${p.cell}' autoscales (${p.autoscaling.min}-${p.autoscaling.max}): its HPA scales it, not the evacuation`);
        return false;
      }
      if (p.desired === undefined || !p.stableVersion) {
        notes.push(`cell '${p.cell}' runs no stable version of the app`);
        return false;
      }
      if (version && p.stableVersion !== version) {
        notes.push(`cell '${p.cell}' serves version '${p.stableVersion}' (the evacuated cell '${version}'); it carries with its own version`);
      }
      return true;
    })
    .map(p => ({ p, to: p.desired!, room: p.extraCapacity }));
  if (placement.filter(p => p.cell !== cell).length === 0) {
    notes.push('the app runs in no other cell of the region');
  }
  let left = own?.autoscaling ? 0 : replicas;
  while (left > 0) {
    const open = candidates.filter(c => c.room === undefined || c.room > 0);
    if (open.length === 0) break;
    open.sort((a, b) => a.to - b.to || a.p.cell.localeCompare(b.p.cell));
    const c = open[0];
    c.to++;
    if (c.room !== undefined) c.room--;
    left--;
  }
  for (const c of candidates) {
    if (c.p.extraCapacity === undefined) {
      notes.push(`the free capacity of cell '${c.p.cell}' is unknown (not checked yet): not bounded`);
    } else if (c.room === 0 && left > 0) {
      notes.push(`cell '${c.p.cell}' is full: it fits ${c.p.extraCapacity} more replicas of this size (free allocatable CPU, memory and pods)`);
    }
  }
  if (left > 0) notes.push(`${left} of ${replicas} replicas cannot be carried`);
  return {
    app,
    version,
    servers,
    replicas,
    targets: candidates.map(c => ({ cell: c.p.cell, from: c.p.desired!, to: c.to, specReplicas: c.p.specReplicas })),
    uncarried: left,
    notes,
  };
}
