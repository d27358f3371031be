import { GateSource } from '@cellport/plugin-cells-node';

// the gate source contract lives in @cellport/plugin-cells-node (modules implement it)
export {
  escapePromqlString,
  renderGateQuery,
} from '@cellport/plugin-cells-node';
export type {
  GateQuery,
  GateQueryVariables,
  GateSource,
  GateValue,
} from '@cellport/plugin-cells-node';

/**
 * The gate sources by name (`prometheus`, and `skywalking` or `slb` when installed). It is also
 * the implementation of the `cellsReleaseGateSourcesExtensionPoint`.
 *
 * @public
 */
export class GateSourceRegistry {
  private readonly sources = new Map<string, GateSource>();

  /** Adds (or replaces) a source. */
  addGateSource(name: string, source: GateSource): void {
    this.sources.set(name, source);
  }

  /** Adds a source unless one of that name exists (defaults give way to modules). */
  addDefault(name: string, source: GateSource): void {
    if (!this.sources.has(name)) {
      this.sources.set(name, source);
    }
  }

  get(name: string): GateSource | undefined {
    return this.sources.get(name);
  }

  has(name: string): boolean {
    return this.sources.has(name);
  }

  names(): string[] {
    return [...this.sources.keys()].sort();
  }
}
