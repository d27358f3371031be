/**
 * What a gate source is asked to measure: the query with its template variables already
 * substituted, and the context it was rendered from.
 *
 * @public
 */
export interface GateQuery {
  /** The rendered query. */
  query: string;
  /** The query as written in the plan, before substitution. */
  template: string;
  app: string;
  /** The new version. */
  version: string;
  cell: string;
  /** The cell's stable version when the release started, if any. */
  stableVersion?: string;
  /** The app's namespace in the cell (the app name). */
  namespace: string;
  /** The app's region, for sources with one endpoint per region. */
  region?: string;
}

/**
 * One measurement: a value, or none (inconclusive) with a message saying why.
 *
 * @public
 */
export interface GateValue {
  value?: number;
  message?: string;
}

/**
 * A source of metric gate measurements (Prometheus here; SkyWalking and the load balancer's own
 * counters from the observability and slb plugins). A source never throws for a measurement it
 * cannot take: it answers without a value (inconclusive) and says why; a thrown error counts as
 * inconclusive too.
 *
 * @public
 */
export interface GateSource {
  evaluate(query: GateQuery): Promise<GateValue>;
  /**
   * Refuses a query when a release is started: throws InputError when it reads another app's
   * data or costs more than the source allows. `evaluate` must enforce the same itself.
   */
  checkQuery?(query: GateQuery): void;
  /**
   * Substitutes the template variables in a query; by default they are escaped for PromQL
   * string literals (see {@link renderGateQuery}).
   */
  renderQuery?(template: string, vars: GateQueryVariables): string;
}

/**
 * The template variables of a metric gate query.
 *
 * @public
 */
export interface GateQueryVariables {
  app: string;
  version: string;
  cell: string;
  namespace: string;
  stableVersion: string;
}

/**
 * Escapes a value for a PromQL double- or single-quoted string literal.
 *
 * @public
 */
export function escapePromqlString(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
}

/**
 * Replaces `{{app}}`, `{{version}}`, `{{cell}}`, `{{namespace}}` and `{{stableVersion}}` (spaces
 * inside the braces allowed) with their values escaped for PromQL string literals. Unknown
 * variables are left as they are.
 *
 * @public
 */
export function renderGateQuery(
  template: string,
  vars: GateQueryVariables,
  escape: (value: string) => string = escapePromqlString,
): string {
  return template.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(vars, name)
      ? escape(vars[name as keyof GateQueryVariables])
      : whole,
  );
}
