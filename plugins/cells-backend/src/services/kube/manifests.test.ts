import { versionSpecSchema } from '@cellport/plugin-cells-common';
import {
  appSelector,
  deploymentManifest,
  hpaManifest,
  namespaceManifest,
  pullSecretManifest,
  serviceManifest,
} from './manifests';

const LABELS = {
  'cellport.io/app': 'payments',
  'app.kubernetes.io/managed-by': 'cellport',
};
const VERSION_LABELS = {
  'cellport.io/app': 'payments',
  'cellport.io/version': 'v2',
  'app.kubernetes.io/managed-by': 'cellport',
};

function version(spec: Record<string, unknown> = {}) {
  return {
    name: 'v2',
    spec: versionSpecSchema.parse({
      image: 'registry.example:5000/payments/api:2.0.0',
      replicas: { 'dev-1': 3 },
      ...spec,
    }),
  };
}

describe('manifests', () => {
  it('makes the namespace and a Service on port 80 to the named container port', () => {
    expect(namespaceManifest('payments')).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'payments', labels: LABELS },
    });
    const service = serviceManifest('payments');
    expect(service.metadata).toEqual({
      name: 'payments',
      namespace: 'payments',
      labels: LABELS,
    });
    expect(service.spec?.selector).toEqual({ 'cellport.io/app': 'payments' });
    expect(service.spec?.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
    ]);
  });

  it('makes a dockerconfigjson pull secret', () => {
    const json = '{"auths":{"r:5000":{"auth":"eDp5"}}}';
    const secret = pullSecretManifest('payments', json);
    expect(secret.metadata?.name).toBe('payments-pull');
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    expect(
      Buffer.from(secret.data!['.dockerconfigjson'], 'base64').toString(),
    ).toBe(json);
  });

  it('makes the Deployment of a version with probes, resources, env and rolling updates', () => {
    const d = deploymentManifest(
      'payments',
      version({
        port: 9090,
        env: [{ name: 'MODE', value: 'live' }],
        healthCheck: { path: '/ready', periodSeconds: 2, liveness: true },
      }),
      { replicas: 3, pullSecret: 'payments-pull' },
    );
    expect(d.metadata).toEqual({
      name: 'payments-v2',
      namespace: 'payments',
      labels: VERSION_LABELS,
    });
    expect(d.spec?.replicas).toBe(3);
    expect(d.spec?.selector.matchLabels).toEqual({
      'cellport.io/app': 'payments',
      'cellport.io/version': 'v2',
    });
    expect(d.spec?.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
    });
    const pod = d.spec!.template;
    expect(pod.metadata?.labels).toEqual(VERSION_LABELS);
    expect(pod.spec?.terminationGracePeriodSeconds).toBe(30);
    expect(pod.spec?.imagePullSecrets).toEqual([{ name: 'payments-pull' }]);
    const [container] = pod.spec!.containers;
    expect(container.name).toBe('app');
    expect(container.image).toBe('registry.example:5000/payments/api:2.0.0');
    expect(container.ports).toEqual([
      { name: 'http', containerPort: 9090, protocol: 'TCP' },
    ]);
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    expect(container.env).toEqual([{ name: 'MODE', value: 'live' }]);
    expect(container.readinessProbe).toEqual({
      httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' },
      initialDelaySeconds: 0,
      periodSeconds: 2,
      timeoutSeconds: 1,
      failureThreshold: 3,
      successThreshold: 1,
    });
    expect(container.livenessProbe).toEqual(container.readinessProbe);
  });

  it('leaves out liveness, pull secrets and the HPA unless asked; probes a separate health port', () => {
    const v = version({ healthCheck: { path: '/healthz', port: 8081 } });
    const d = deploymentManifest('payments', v, { replicas: 0 });
    const [container] = d.spec!.template.spec!.containers;
    expect(container.livenessProbe).toBeUndefined();
    expect(container.readinessProbe?.httpGet?.port).toBe(8081);
    expect(d.spec!.template.spec!.imagePullSecrets).toBeUndefined();
    expect(d.spec!.replicas).toBe(0);
    expect(hpaManifest('payments', v)).toBeUndefined();
  });

  it('leaves spec.replicas to the HPA of an autoscaling version', () => {
    const v = version({
      autoscaling: {
        minReplicas: 2,
        maxReplicas: 6,
        targetCPUUtilizationPercentage: 70,
      },
    });
    const d = deploymentManifest('payments', v, { replicas: 3 });
    expect(d.spec).not.toHaveProperty('replicas');
    expect(hpaManifest('payments', v)).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: 'payments-v2',
        namespace: 'payments',
        labels: VERSION_LABELS,
      },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'payments-v2',
        },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 70 },
            },
          },
        ],
      },
    });
  });

  it('selects an app or one version', () => {
    expect(appSelector('payments')).toBe('cellport.io/app=payments');
    expect(appSelector('payments', 'v2')).toBe(
      'cellport.io/app=payments,cellport.io/version=v2',
    );
  });
});
