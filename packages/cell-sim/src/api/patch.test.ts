import { jsonMergePatch, jsonPatch, strategicMergePatch } from './patch';
import { serverSideApply, fromFieldsV1 } from './fieldManager';

const deploy = () => ({
  metadata: { name: 'd' },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'a:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
          { name: 'side', image: 'b:1' },
        ],
      },
    },
  },
});

describe('strategic merge patch', () => {
  it('merges containers by name and env by name', () => {
    const out = strategicMergePatch('Deployment', deploy(), {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'a:2', env: [{ name: 'B', value: '2' }] }] } } },
    });
    const web = out.spec.template.spec.containers[0];
    expect(out.spec.template.spec.containers).toHaveLength(2);
    expect(web.image).toBe('a:2');
    expect(web.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
  });

  it('honours $patch delete and replace, and primitive set lists', () => {
    const out = strategicMergePatch('Deployment', deploy(), {
      metadata: { finalizers: ['x'] },
      spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }, { name: 'web', ports: [{ containerPort: 80 }] }] } } },
    });
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['web']);
    expect(out.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    const replaced = strategicMergePatch('Deployment', out, { spec: { template: { spec: { containers: [{ name: 'only', image: 'c', $patch: 'replace' }, { name: 'only', image: 'c' }] } } } });
    expect(replaced.spec.template.spec.containers).toEqual([{ name: 'only', image: 'c' }]);
    const fin = strategicMergePatch('ConfigMap', { metadata: { finalizers: ['a'] } }, { metadata: { finalizers: ['b'] } });
    expect(fin.metadata.finalizers).toEqual(['a', 'b']);
  });
});

describe('merge and JSON patch', () => {
  it('deletes with null in merge patch', () => {
    expect(jsonMergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null }, e: 4 })).toEqual({ a: 1, b: { d: 3 }, e: 4 });
  });

  it('applies ops and fails 422 on a failed test', () => {
    expect(jsonPatch({ a: [1] }, [{ op: 'add', path: '/a/-', value: 2 }])).toEqual({ a: [1, 2] });
    expect(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(expect.objectContaining({ code: 422 }));
  });
});

describe('server-side apply', () => {
  const merge = (live: any, applied: any) => strategicMergePatch('Deployment', live, applied);

  it('detects conflicts with other managers and removes fields no longer applied', () => {
    const first = serverSideApply('Deployment', true, undefined, deploy(), 'me', 'apps/v1', false, 'main', merge).object!;
    const owned = fromFieldsV1(first.metadata.managedFields![0].fieldsV1);
    expect([...owned].some(p => p.includes('k:{"name":"web"}'))).toBe(true);
    const other = { ...first, metadata: { ...first.metadata, managedFields: [...first.metadata.managedFields!, { manager: 'other', operation: 'Apply' as const, apiVersion: 'apps/v1', time: '', fieldsType: 'FieldsV1' as const, fieldsV1: { 'f:spec': { 'f:replicas': {} } } }] }, spec: { ...first.spec, replicas: 2 } };
    const conflict = serverSideApply('Deployment', true, other, { ...deploy(), spec: { ...deploy().spec, replicas: 3 } } as any, 'me', 'apps/v1', false, 'main', merge);
    expect(conflict.conflicts?.[0]).toMatchObject({ manager: 'other', field: '.spec.replicas' });
    const slim = deploy();
    slim.spec.template.spec.containers = [slim.spec.template.spec.containers[0]];
    slim.spec.template.spec.containers[0].env = [];
    const after = serverSideApply('Deployment', true, first, slim, 'me', 'apps/v1', false, 'main', merge).object!;
    expect(after.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['web']);
  });
});
