import { badRequest } from './errors';
import { KubeObject } from '../util/objects';

/** A compiled selector predicate. */
export type Predicate = (obj: KubeObject) => boolean;

type Op = 'in' | 'notin' | 'exists' | '!' | '=' | '!=';

interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;

function matchRequirement(labels: Record<string, string>, r: Requirement): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.op) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case '=':
    case 'in':
      return has && r.values.includes(v);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(v);
    default:
      return false;
  }
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map(t => t.trim()).filter(t => t.length > 0);
}

/** Parses a label selector string (equality- and set-based) into requirements. */
export function parseLabelSelector(selector: string): Requirement[] {
  const reqs: Requirement[] = [];
  for (const term of splitTerms(selector)) {
    const set = term.match(/^([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)$/);
    const not = term.match(/^!\s*([^\s!=(),]+)$/);
    const eq = term.match(/^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/);
    const exists = term.match(/^([^\s!=(),]+)$/);
    if (set) {
      const values = set[3].split(',').map(v => v.trim()).filter(v => v !== '' || set[3].trim() === '');
      reqs.push({ key: set[1], op: set[2] as Op, values });
    } else if (not) {
      reqs.push({ key: not[1], op: '!', values: [] });
    } else if (eq) {
      reqs.push({ key: eq[1], op: eq[2] === '!=' ? '!=' : '=', values: [eq[3]] });
    } else if (exists) {
      reqs.push({ key: exists[1], op: 'exists', values: [] });
    } else {
      throw badRequest(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }
  for (const r of reqs) {
    if (!LABEL_KEY.test(r.key) || r.key.length > 317) {
      throw badRequest(`unable to parse requirement: key: Invalid value: "${r.key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
    }
    for (const v of r.values) {
      if (v.length > 63 || !LABEL_VALUE.test(v)) {
        throw badRequest(`unable to parse requirement: values[0][${r.key}]: Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
      }
    }
  }
  return reqs;
}

/** Compiles a label selector string. Empty or undefined selects everything. */
export function labelSelectorPredicate(selector: string | undefined): Predicate {
  if (!selector || !selector.trim()) return () => true;
  const reqs = parseLabelSelector(selector);
  return obj => {
    const labels = obj.metadata.labels ?? {};
    return reqs.every(r => matchRequirement(labels, r));
  };
}

/** A metav1.LabelSelector object. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Matches labels against a structured LabelSelector. An empty selector matches everything. */
export function matchesLabelSelector(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (l[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const ops: Record<string, Op> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };
    const op: Op = ops[e.operator] ?? '!';
    if (!matchRequirement(l, { key: e.key, op, values: e.values ?? [] })) return false;
  }
  return true;
}

/** Renders a structured LabelSelector as a selector string (Scale status.selector). */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  if (!selector) return '';
  const parts = Object.entries(selector.matchLabels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** Matches labels against a plain map selector (Service spec.selector). */
export function matchesMapSelector(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const l = labels ?? {};
  return Object.entries(selector).every(([k, v]) => l[k] === v);
}

/**
 * Field selectors of the kinds that register their own field label conversion in v1.26
 * (`AddFieldLabelConversionFunc`). Every other kind takes only `metadata.name` and
 * `metadata.namespace` (`DefaultMetaV1FieldSelectorConversion`).
 */
const FIELD_GETTERS: Record<string, Record<string, (o: KubeObject) => unknown>> = {
  Pod: {
    'spec.nodeName': o => o.spec?.nodeName ?? '',
    'spec.restartPolicy': o => o.spec?.restartPolicy,
    'spec.schedulerName': o => o.spec?.schedulerName,
    'spec.serviceAccountName': o => o.spec?.serviceAccountName,
    'spec.hostNetwork': o => String(!!o.spec?.hostNetwork),
    'status.phase': o => o.status?.phase,
    'status.podIP': o => o.status?.podIP ?? '',
    'status.nominatedNodeName': o => o.status?.nominatedNodeName ?? '',
  },
  Event: {
    'involvedObject.kind': o => o.involvedObject?.kind,
    'involvedObject.namespace': o => o.involvedObject?.namespace,
    'involvedObject.name': o => o.involvedObject?.name,
    'involvedObject.uid': o => o.involvedObject?.uid,
    'involvedObject.apiVersion': o => o.involvedObject?.apiVersion,
    'involvedObject.resourceVersion': o => o.involvedObject?.resourceVersion,
    'involvedObject.fieldPath': o => o.involvedObject?.fieldPath,
    reason: o => o.reason,
    reportingComponent: o => o.reportingComponent,
    source: o => o.source?.component,
    type: o => o.type,
  },
  Secret: { type: o => o.type },
  Node: { 'spec.unschedulable': o => String(!!o.spec?.unschedulable) },
  Namespace: { 'status.phase': o => o.status?.phase },
  ReplicaSet: { 'status.replicas': o => String(o.status?.replicas ?? 0) },
};

/** Compiles a field selector for a kind; unsupported fields get 400 like the real apiserver. */
export function fieldSelectorPredicate(kind: string, selector: string | undefined): Predicate {
  if (!selector || !selector.trim()) return () => true;
  const terms: { get: (o: KubeObject) => unknown; neg: boolean; value: string }[] = [];
  for (const term of selector.split(',').map(t => t.trim()).filter(Boolean)) {
    const m = term.match(/^([^!=]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const field = m[1];
    let get: ((o: KubeObject) => unknown) | undefined;
    if (field === 'metadata.name') get = o => o.metadata.name;
    else if (field === 'metadata.namespace') get = o => o.metadata.namespace ?? '';
    else get = FIELD_GETTERS[kind]?.[field];
    if (!get) {
      // Both messages are the real apiserver's; which one depends on whether the kind has its own conversion.
      throw badRequest(FIELD_GETTERS[kind]
        ? `field label not supported: ${field}`
        : `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
    terms.push({ get, neg: m[2] === '!=', value: m[3] });
  }
  return obj =>
    terms.every(t => {
      const v = t.get(obj);
      const eq = String(v ?? '') === t.value;
      return t.neg ? !eq : eq;
    });
}
