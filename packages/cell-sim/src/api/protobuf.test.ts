import { ApiError } from './errors';
import { decodeProtobufObject } from './protobuf';

/** A length-delimited protobuf field (field numbers and lengths < 128 here). */
const field = (num: number, value: Buffer | string) => {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value);
  return Buffer.concat([Buffer.from([(num << 3) | 2, bytes.length]), bytes]);
};
const varintField = (num: number, value: number) => Buffer.from([num << 3, value]);
const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
  Buffer.concat([Buffer.from('k8s\0'), field(1, Buffer.concat([field(1, apiVersion), field(2, kind)])), field(2, raw)]);

const statusOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as ApiError).toStatus() as any;
  }
  return undefined;
};

describe('protobuf request bodies', () => {
  it('decodes a Deployment as kubectl create deployment sends it', () => {
    const meta = Buffer.concat([field(1, 'web'), field(11, Buffer.concat([field(1, 'app'), field(2, 'web')]))]);
    const container = Buffer.concat([field(1, 'web'), field(2, 'r/web:1'), field(6, varintField(3, 80)), field(8, Buffer.alloc(0))]);
    const spec = Buffer.concat([
      varintField(1, 0),
      field(2, field(1, Buffer.concat([field(1, 'app'), field(2, 'web')]))),
      field(3, Buffer.concat([field(1, meta), field(2, field(2, container))])),
    ]);
    const obj = decodeProtobufObject(envelope('apps/v1', 'Deployment', Buffer.concat([field(1, meta), field(2, spec), field(3, Buffer.alloc(0))])));
    expect(obj).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'r/web:1', ports: [{ containerPort: 80 }], resources: {} }] } },
      },
    });
  });

  it('answers 415 for kinds it does not decode and 400 for a broken body', () => {
    expect(statusOf(() => decodeProtobufObject(envelope('batch/v1', 'Job', Buffer.alloc(0))))).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    expect(statusOf(() => decodeProtobufObject(Buffer.from('{"kind":"Namespace"}')))).toMatchObject({ code: 415 });
    expect(statusOf(() => decodeProtobufObject(envelope('v1', 'Namespace', Buffer.from([0x0a, 0x7f, 0x01]))))).toMatchObject({ code: 400, reason: 'BadRequest' });
  });
});
