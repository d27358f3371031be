import { InputError } from '@backstage/errors';
import { parser } from '@prometheus-io/lezer-promql';

type Tree = ReturnType<typeof parser.parse>;
type SyntaxNode = Tree['topNode'];

/**
 * The bounds of a gate query's cost.
 *
 * @public
 */
export interface PromqlLimits {
  /** Most vector selectors in one query. Default 10. */
  maxSelectors: number;
  /** Longest range, subquery range or offset, in seconds. Default 3600 (1h). */
  maxLookbackSeconds: number;
  /** Smallest explicit subquery resolution, in seconds. Default 10. */
  minSubqueryStepSeconds: number;
}

/** The default {@link PromqlLimits}. @public */
export const DEFAULT_PROMQL_LIMITS: PromqlLimits = {
  maxSelectors: 10,
  maxLookbackSeconds: 3600,
  minSubqueryStepSeconds: 10,
};

/**
 * Whose metrics a query may read: the series of the app's own namespace. `app` is the app's
 * `app` label (the same name).
 *
 * @public
 */
export interface PromqlScope {
  namespace: string;
  app: string;
}

/** Labels a gate query may only match to the app's own value, with `=`. */
const SCOPED_LABELS = ['namespace', 'app'] as const;

const DURATION_UNITS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

/** Seconds of a PromQL duration literal (`5m`, `1h30m`, `90`); undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) {
    return Number(text);
  }
  const parts = text.match(/\d+(ms|s|m|h|d|w|y)/g);
  if (!parts || parts.join('') !== text) {
    return undefined;
  }
  return parts.reduce((sum, part) => {
    const [, n, unit] = /^(\d+)(ms|s|m|h|d|w|y)$/.exec(part)!;
    return sum + Number(n) * DURATION_UNITS[unit];
  }, 0);
}

/** The value of a PromQL string literal (`"..."`, `'...'` with Go escapes, or a raw `` `...` ``). */
export function stringLiteralValue(literal: string): string {
  const delimiter = literal[0];
  const body = literal.slice(1, -1);
  if (delimiter === '`') {
    return body;
  }
  const escapes: Record<string, string> = {
    n: '\n',
    r: '\r',
    t: '\t',
    a: '\x07',
    b: '\b',
    f: '\f',
    v: '\v',
  };
  return body.replace(
    /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g,
    (_, e: string) => {
      if (/^[uUx]/.test(e) && e.length > 1) {
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      }
      if (/^[0-7]{3}$/.test(e)) {
        return String.fromCharCode(parseInt(e, 8));
      }
      return escapes[e] ?? e;
    },
  );
}

/** A PromQL double-quoted string literal. */
function quote(value: string): string {
  return JSON.stringify(value);
}

function parseOrThrow(query: string): Tree {
  const tree = parser.parse(query);
  let error: SyntaxNode | undefined;
  tree.iterate({
    enter(node) {
      if (!error && node.type.isError) {
        error = node.node;
      }
      return !error;
    },
  });
  if (error) {
    throw new InputError(
      `the query does not parse as PromQL near position ${
        error.from + 1
      }: '${query.slice(Math.max(0, error.from - 10), error.from + 10)}'`,
    );
  }
  return tree;
}

/** Every node of a type in the tree. */
function nodesOf(tree: Tree, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  tree.iterate({
    enter(node) {
      if (node.name === name) {
        out.push(node.node);
      }
    },
  });
  return out;
}

type Matcher = { label: string; op: string; value: string };

/** The label matchers of a vector selector; InputError for forms Prometheus 2.x does not know. */
function matchersOf(query: string, selector: SyntaxNode): Matcher[] {
  const matchers = selector.getChild('LabelMatchers');
  if (!matchers) {
    return [];
  }
  const text = (n: SyntaxNode | null) => (n ? query.slice(n.from, n.to) : '');
  const out: Matcher[] = [];
  for (let m = matchers.firstChild; m; m = m.nextSibling) {
    if (m.name === 'QuotedLabelMatcher' || m.name === 'QuotedLabelName') {
      throw new InputError(
        `quoted label names are not supported in gate queries: '${text(m)}'`,
      );
    }
    if (m.name !== 'UnquotedLabelMatcher') {
      continue;
    }
    out.push({
      label: text(m.getChild('LabelName')),
      op: text(m.getChild('MatchOp')),
      value: stringLiteralValue(text(m.getChild('StringLiteral'))),
    });
  }
  return out;
}

/** Seconds of a duration node (a plain literal only: duration arithmetic is not allowed). */
function durationOf(query: string, node: SyntaxNode): number {
  const text = query.slice(node.from, node.to).trim();
  const seconds = durationSeconds(text.replace(/^[-+]/, ''));
  if (seconds === undefined) {
    throw new InputError(
      `gate queries take plain durations such as 5m or 1h; '${text}' is not one`,
    );
  }
  return seconds;
}

/** Checks the cost bounds: selector count, ranges, offsets, subquery steps, no `@`. */
function checkCost(query: string, tree: Tree, limits: PromqlLimits) {
  const selectors = nodesOf(tree, 'VectorSelector');
  if (selectors.length > limits.maxSelectors) {
    throw new InputError(
      `a gate query may read at most ${limits.maxSelectors} series selectors; this one has ${selectors.length}`,
    );
  }
  if (nodesOf(tree, 'At').length) {
    throw new InputError(
      "the @ modifier is not allowed in gate queries: they measure the present",
    );
  }
  const max = limits.maxLookbackSeconds;
  const tooLong = (seconds: number, what: string) => {
    if (seconds > max) {
      throw new InputError(
        `a gate query looks back at most ${max} s; its ${what} is ${seconds} s`,
      );
    }
  };
  for (const m of nodesOf(tree, 'MatrixSelector')) {
    const range = m.getChild('DurationExpr');
    if (range) tooLong(durationOf(query, range), 'range');
  }
  for (const o of nodesOf(tree, 'OffsetExpr')) {
    const d = o.getChild('OffsetDurationExpr') ?? o.getChild('DurationExpr');
    if (d) tooLong(Math.abs(durationOf(query, d)), 'offset');
  }
  for (const s of nodesOf(tree, 'SubqueryExpr')) {
    const [range, step] = s.getChildren('DurationExpr');
    if (range) tooLong(durationOf(query, range), 'subquery range');
    if (step && durationOf(query, step) < limits.minSubqueryStepSeconds) {
      throw new InputError(
        `a gate subquery's resolution is at least ${limits.minSubqueryStepSeconds} s`,
      );
    }
  }
}

/**
 * Confines a PromQL query to one app, as prom-label-proxy does: every vector selector gets the
 * matcher `namespace="<namespace>"` (so the query can only read the app's own series, whatever
 * else it matches), a selector that itself matches `namespace` or `app` to anything but the
 * app's own value is refused (it asks for another app's metrics), and the query's cost is
 * bounded ({@link PromqlLimits}). Returns the confined query.
 *
 * @throws InputError for a query that does not parse, reads other apps or costs too much.
 * @public
 */
export function scopePromql(
  query: string,
  scope: PromqlScope,
  limits: PromqlLimits = DEFAULT_PROMQL_LIMITS,
): string {
  const tree = parseOrThrow(query);
  checkCost(query, tree, limits);
  const own: Record<(typeof SCOPED_LABELS)[number], string> = {
    namespace: scope.namespace,
    app: scope.app,
  };
  const selectors = nodesOf(tree, 'VectorSelector');
  const inserts: Array<{ at: number; text: string }> = [];
  for (const selector of selectors) {
    const matchers = matchersOf(query, selector);
    for (const m of matchers) {
      const label = m.label as (typeof SCOPED_LABELS)[number];
      if (
        SCOPED_LABELS.includes(label) &&
        (m.op !== '=' || m.value !== own[label])
      ) {
        throw new InputError(
          `a gate query reads the metrics of its own app only: '${query.slice(
            selector.from,
            selector.to,
          )}' matches ${label}${m.op}${quote(m.value)}; use ${label}=${quote(
            own[label],
          )} or leave it out`,
        );
      }
    }
    const injected = `namespace=${quote(scope.namespace)}`;
    const braces = selector.getChild('LabelMatchers');
    if (braces) {
      inserts.push({
        at: braces.from + 1,
        text: matchers.length ? `${injected},` : injected,
      });
    } else {
      inserts.push({ at: selector.to, text: `{${injected}}` });
    }
  }
  let scoped = query;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) {
    scoped = scoped.slice(0, at) + text + scoped.slice(at);
  }
  verifyScoped(scoped, scope.namespace);
  return scoped;
}

/** Defence in depth: the rewritten query parses and every selector carries the namespace. */
function verifyScoped(scoped: string, namespace: string) {
  const tree = parseOrThrow(scoped);
  for (const selector of nodesOf(tree, 'VectorSelector')) {
    const ok = matchersOf(scoped, selector).some(
      m => m.label === 'namespace' && m.op === '=' && m.value === namespace,
    );
    if (!ok) {
      throw new InputError(
        `the query could not be confined to namespace '${namespace}'`,
      );
    }
  }
}
