/**
 * Decoding of `application/vnd.kubernetes.protobuf` request bodies, which kubectl's generators
 * (`kubectl create namespace|deployment|configmap|secret|service`, `kubectl run`,
 * `kubectl expose`) send for built-in types. The envelope is `k8s\0` + runtime.Unknown
 * (typeMeta 1 {apiVersion 1, kind 2}, raw 2); `raw` is the object in the field numbers of
 * k8s.io/api's generated.proto, decoded here for the fields those generators use. Unknown fields
 * are skipped, as the apiserver drops fields it does not know.
 */
import { ApiError } from './errors';

type Scalar = 'string' | 'int' | 'bool' | 'bytes' | 'time' | 'intOrString' | 'quantity';
/** A field: its JSON name, its type (scalar or message), repeated, a map, and whether zero values are kept. */
interface Field {
  name: string;
  type: Scalar | Message;
  repeated?: boolean;
  map?: boolean;
  /** A pointer field in Go: a zero value is meaningful (e.g. `replicas: 0`). */
  keepZero?: boolean;
}
type Message = { fields: Record<number, Field> };

const f = (name: string, type: Scalar | Message, extra: Partial<Field> = {}): Field => ({ name, type, ...extra });
const msg = (fields: Record<number, Field>): Message => ({ fields });

const ownerReference = msg({ 1: f('kind', 'string'), 3: f('name', 'string'), 4: f('uid', 'string'), 5: f('apiVersion', 'string'), 6: f('controller', 'bool', { keepZero: true }), 7: f('blockOwnerDeletion', 'bool', { keepZero: true }) });
const objectMeta = msg({
  1: f('name', 'string'), 2: f('generateName', 'string'), 3: f('namespace', 'string'), 5: f('uid', 'string'),
  6: f('resourceVersion', 'string'), 7: f('generation', 'int'), 8: f('creationTimestamp', 'time'),
  11: f('labels', 'string', { map: true }), 12: f('annotations', 'string', { map: true }),
  13: f('ownerReferences', ownerReference, { repeated: true }), 14: f('finalizers', 'string', { repeated: true }),
});
const labelSelector = msg({
  1: f('matchLabels', 'string', { map: true }),
  2: f('matchExpressions', msg({ 1: f('key', 'string'), 2: f('operator', 'string'), 3: f('values', 'string', { repeated: true }) }), { repeated: true }),
});
const keySelector = msg({ 1: f('localObjectReference', msg({ 1: f('name', 'string') })), 2: f('key', 'string'), 3: f('optional', 'bool', { keepZero: true }) });
const envVar = msg({
  1: f('name', 'string'), 2: f('value', 'string'),
  3: f('valueFrom', msg({
    1: f('fieldRef', msg({ 1: f('apiVersion', 'string'), 2: f('fieldPath', 'string') })),
    3: f('configMapKeyRef', keySelector), 4: f('secretKeyRef', keySelector),
  })),
});
const container = msg({
  1: f('name', 'string'), 2: f('image', 'string'), 3: f('command', 'string', { repeated: true }), 4: f('args', 'string', { repeated: true }),
  5: f('workingDir', 'string'),
  6: f('ports', msg({ 1: f('name', 'string'), 2: f('hostPort', 'int'), 3: f('containerPort', 'int'), 4: f('protocol', 'string'), 5: f('hostIP', 'string') }), { repeated: true }),
  7: f('env', envVar, { repeated: true }),
  8: f('resources', msg({ 1: f('limits', 'quantity', { map: true }), 2: f('requests', 'quantity', { map: true }) })),
  13: f('terminationMessagePath', 'string'), 14: f('imagePullPolicy', 'string'),
  16: f('stdin', 'bool'), 17: f('stdinOnce', 'bool'), 18: f('tty', 'bool'), 20: f('terminationMessagePolicy', 'string'),
});
const podSpec = msg({
  2: f('containers', container, { repeated: true }), 3: f('restartPolicy', 'string'),
  4: f('terminationGracePeriodSeconds', 'int', { keepZero: true }), 6: f('dnsPolicy', 'string'),
  7: f('nodeSelector', 'string', { map: true }), 8: f('serviceAccountName', 'string'), 10: f('nodeName', 'string'),
  11: f('hostNetwork', 'bool'), 15: f('imagePullSecrets', msg({ 1: f('name', 'string') }), { repeated: true }),
  16: f('hostname', 'string'), 17: f('subdomain', 'string'), 19: f('schedulerName', 'string'),
  20: f('initContainers', container, { repeated: true }), 24: f('priorityClassName', 'string'),
});
const podTemplateSpec = msg({ 1: f('metadata', objectMeta), 2: f('spec', podSpec) });
const servicePort = msg({ 1: f('name', 'string'), 2: f('protocol', 'string'), 3: f('port', 'int'), 4: f('targetPort', 'intOrString'), 5: f('nodePort', 'int'), 6: f('appProtocol', 'string') });

/** Messages of the kinds kubectl creates through protobuf, by `apiVersion/kind`. */
const KINDS: Record<string, Message> = {
  'v1/Namespace': msg({ 1: f('metadata', objectMeta), 2: f('spec', msg({ 1: f('finalizers', 'string', { repeated: true }) })) }),
  'v1/ConfigMap': msg({ 1: f('metadata', objectMeta), 2: f('data', 'string', { map: true }), 3: f('binaryData', 'bytes', { map: true }), 4: f('immutable', 'bool', { keepZero: true }) }),
  'v1/Secret': msg({ 1: f('metadata', objectMeta), 2: f('data', 'bytes', { map: true }), 3: f('type', 'string'), 4: f('stringData', 'string', { map: true }), 5: f('immutable', 'bool', { keepZero: true }) }),
  'v1/Pod': msg({ 1: f('metadata', objectMeta), 2: f('spec', podSpec) }),
  'v1/Service': msg({
    1: f('metadata', objectMeta),
    2: f('spec', msg({
      1: f('ports', servicePort, { repeated: true }), 2: f('selector', 'string', { map: true }), 3: f('clusterIP', 'string'), 4: f('type', 'string'),
      5: f('externalIPs', 'string', { repeated: true }), 7: f('sessionAffinity', 'string'), 8: f('loadBalancerIP', 'string'), 10: f('externalName', 'string'),
      11: f('externalTrafficPolicy', 'string'), 13: f('publishNotReadyAddresses', 'bool'), 18: f('clusterIPs', 'string', { repeated: true }),
    })),
  }),
  'apps/v1/Deployment': msg({
    1: f('metadata', objectMeta),
    2: f('spec', msg({
      1: f('replicas', 'int', { keepZero: true }), 2: f('selector', labelSelector), 3: f('template', podTemplateSpec),
      4: f('strategy', msg({ 1: f('type', 'string'), 2: f('rollingUpdate', msg({ 1: f('maxUnavailable', 'intOrString'), 2: f('maxSurge', 'intOrString') })) })),
      5: f('minReadySeconds', 'int'), 6: f('revisionHistoryLimit', 'int', { keepZero: true }), 7: f('paused', 'bool'),
      9: f('progressDeadlineSeconds', 'int', { keepZero: true }),
    })),
  }),
};

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  get done() {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
    }
  }
  bytes(): Buffer {
    const len = Number(this.varint());
    if (this.pos + len > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number) {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function scalar(type: Scalar, r: Reader, wire: number): unknown {
  switch (type) {
    case 'string':
      return r.bytes().toString('utf8');
    case 'bytes':
      return r.bytes().toString('base64');
    case 'int':
      return Number(BigInt.asIntN(64, r.varint()));
    case 'bool':
      return r.varint() !== 0n;
    case 'time': {
      const t = decode(msg({ 1: f('seconds', 'int'), 2: f('nanos', 'int') }), r.bytes()) as { seconds?: number };
      return t.seconds ? new Date(t.seconds * 1000).toISOString().replace('.000Z', 'Z') : undefined;
    }
    case 'quantity':
      return (decode(msg({ 1: f('string', 'string') }), r.bytes()) as { string?: string }).string ?? '0';
    case 'intOrString': {
      const v = decode(msg({ 1: f('type', 'int'), 2: f('intVal', 'int'), 3: f('strVal', 'string') }), r.bytes()) as any;
      return v.type === 1 ? v.strVal ?? '' : v.intVal ?? 0;
    }
    default:
      r.skip(wire);
      return undefined;
  }
}

function value(type: Scalar | Message, r: Reader, wire: number): unknown {
  return typeof type === 'string' ? scalar(type, r, wire) : decode(type, r.bytes());
}

/** Decodes one message into its JSON form. */
function decode(m: Message, buf: Buffer): Record<string, unknown> {
  const out: Record<string, any> = {};
  const r = new Reader(buf);
  while (!r.done) {
    const key = Number(r.varint());
    const num = key >>> 3;
    const wire = key & 7;
    const field = m.fields[num];
    if (!field) {
      r.skip(wire);
      continue;
    }
    if (field.map) {
      const entry = new Reader(r.bytes());
      let k = '';
      let v: unknown;
      while (!entry.done) {
        const ek = Number(entry.varint());
        if (ek >>> 3 === 1) k = entry.bytes().toString('utf8');
        else if (ek >>> 3 === 2) v = value(field.type, entry, ek & 7);
        else entry.skip(ek & 7);
      }
      out[field.name] = { ...(out[field.name] ?? {}), [k]: v ?? '' };
      continue;
    }
    const v = value(field.type, r, wire);
    if (field.repeated) out[field.name] = [...(out[field.name] ?? []), v];
    else if (v !== undefined && (field.keepZero || !isZero(v))) out[field.name] = v;
  }
  return out;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/**
 * Decodes a protobuf request body into the JSON object the apiserver would have built from it.
 * Kinds outside the ones kubectl's generators create answer 415, as for a media type the server
 * does not take for that resource.
 */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  const unsupported = (what: string) =>
    new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (${what})`);
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw unsupported('no protobuf envelope');
  let unknown: Record<string, any>;
  try {
    unknown = decode(msg({ 1: f('typeMeta', msg({ 1: f('apiVersion', 'string'), 2: f('kind', 'string') })), 2: f('raw', 'bytes') }), body.subarray(4));
  } catch (e) {
    throw new ApiError(400, 'BadRequest', `the body of the request could not be decoded: ${(e as Error).message}`);
  }
  const { apiVersion, kind } = unknown.typeMeta ?? {};
  const message = KINDS[`${apiVersion}/${kind}`];
  if (!message) throw unsupported(`protobuf for ${apiVersion}/${kind} is not served by the simulated cell`);
  try {
    return { apiVersion, kind, ...decode(message, Buffer.from(unknown.raw ?? '', 'base64')) };
  } catch (e) {
    throw new ApiError(400, 'BadRequest', `the body of the request could not be decoded: ${(e as Error).message}`);
  }
}
