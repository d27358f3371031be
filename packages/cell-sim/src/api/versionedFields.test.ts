import { ObjectStore } from '../store/ObjectStore';
import { ClusterApi } from './ClusterApi';
import { ApiError } from './errors';
import { resourceForKind } from './resources';
import { parseKubeVersion } from './version';

const deploy = (preStop: object) => ({
  metadata: { name: 'web' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'x/web:1', lifecycle: { preStop } }] },
    },
  },
});

function apiAt(version: string) {
  const api = new ClusterApi(new ObjectStore(100), {}, parseKubeVersion(version));
  api.create(resourceForKind('Namespace'), undefined, { metadata: { name: 'ns' } }, { manager: 'test' });
  return api;
}

describe('fields newer than the configured version', () => {
  const rt = resourceForKind('Deployment');

  it('v1.26 does not know the sleep lifecycle action: dropped, and a hook left without action is invalid', () => {
    const api = apiAt('v1.26.15');
    let error: ApiError | undefined;
    try {
      api.create(rt, 'ns', deploy({ sleep: { seconds: 5 } }) as any, { manager: 'test' });
    } catch (e) {
      error = e as ApiError;
    }
    expect(error?.toStatus()).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'Deployment.apps "web" is invalid: spec.template.spec.containers[0].lifecycle.preStop: Required value: must specify a handler type',
    });
    const created = api.create(rt, 'ns', deploy({ exec: { command: ['sleep', '5'] }, sleep: { seconds: 5 } }) as any, { manager: 'test' });
    expect(created.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ exec: { command: ['sleep', '5'] } });
  });

  it('v1.30 keeps it', () => {
    const created = apiAt('v1.30.0').create(rt, 'ns', deploy({ sleep: { seconds: 5 } }) as any, { manager: 'test' });
    expect(created.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
  });
});
