/**
 * kubectl against a simulated cell, as a user runs it from the kubeconfig the simulator writes
 * (HTTPS with the generated CA, bearer token): discovery, server-side printing (`get -o wide`),
 * describe, apply of a manifest, rollout status, scale, logs, events and delete.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, Simulator } from '@cellport/cell-sim';
import { Kubectl, kubectlFor, kubectlStream, ok, parseTable } from './kubectl';

jest.setTimeout(180_000);

let sim: Simulator;
let dir: string;
let kubectl: Kubectl;
let kubeconfig: string;
const ns = 'kubectl-e2e';

const workloadDocs = (image: string, replicas: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${ns}, labels: { app: web } }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - name: web
        image: ${image}
        ports: [{ name: http, containerPort: 8080 }]
        readinessProbe: { httpGet: { path: /, port: http }, periodSeconds: 1 }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${ns} }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: http }]
`;

const namespaceDoc = `
apiVersion: v1
kind: Namespace
metadata: { name: ${ns} }
`;

/** The app's manifest; kubectl applies and deletes in document order. */
const manifest = (image: string, replicas: number, namespaceLast = false) => {
  const workload = workloadDocs(image, replicas);
  return namespaceLast ? `${workload}---${namespaceDoc}` : `${namespaceDoc}---${workload}`;
};


async function waitUntil<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await fn().catch(e => e);
    if (last && !(last instanceof Error)) return last as T;
    await new Promise(r => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}: ${String((last as Error)?.message ?? last)}`);
}

beforeAll(async () => {
  sim = await startSimulator({ cells: [{ name: 'kubectl-cell' }], timings: { crashLoopBackOffBaseMs: 1000 } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-kubectl-'));
  kubeconfig = sim.cell('kubectl-cell').writeKubeconfig(path.join(dir, 'kubeconfig'));
  kubectl = kubectlFor(kubeconfig);
});

afterAll(async () => {
  await sim?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('kubectl against a simulated cell', () => {
  it('talks HTTPS with the token and CA of the generated kubeconfig', async () => {
    expect(sim.cell('kubectl-cell').url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const version = JSON.parse(await ok(kubectl, ['version', '-o', 'json']));
    expect(version.serverVersion).toMatchObject({ major: '1', minor: '26', gitVersion: 'v1.26.15' });
    const { headers, rows } = parseTable(await ok(kubectl, ['get', 'namespaces']));
    expect(headers).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(rows.map(r => r.NAME)).toEqual(expect.arrayContaining(['default', 'kube-system']));
    expect(rows.find(r => r.NAME === 'default')?.STATUS).toBe('Active');
  });

  it('applies a manifest and waits with rollout status', async () => {
    const out = await ok(kubectl, ['apply', '-f', '-'], manifest('registry.example/web:1.0', 2));
    expect(out.trim().split('\n')).toEqual([`namespace/${ns} created`, 'deployment.apps/web created', 'service/web created']);
    const status = await ok(kubectl, ['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=90s']);
    expect(status).toContain('deployment "web" successfully rolled out');
  });

  it('prints the v1.26 columns with get -o wide', async () => {
    const deploy = parseTable(await ok(kubectl, ['-n', ns, 'get', 'deployments', '-o', 'wide']));
    expect(deploy.headers).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(deploy.rows[0]).toMatchObject({ NAME: 'web', READY: '2/2', 'UP-TO-DATE': '2', AVAILABLE: '2', CONTAINERS: 'web', IMAGES: 'registry.example/web:1.0', SELECTOR: 'app=web' });
    const pods = parseTable(await ok(kubectl, ['-n', ns, 'get', 'pods', '-o', 'wide']));
    expect(pods.headers).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(pods.rows).toHaveLength(2);
    for (const p of pods.rows) {
      expect(p).toMatchObject({ READY: '1/1', STATUS: 'Running', RESTARTS: '0', 'NOMINATED NODE': '<none>', 'READINESS GATES': '<none>' });
      expect(p.IP).toMatch(/^127\.\d+\.\d+\.\d+$/);
      expect(p.NODE).toMatch(/^kubectl-cell-node-\d$/);
    }
    const svc = parseTable(await ok(kubectl, ['-n', ns, 'get', 'services', '-o', 'wide']));
    expect(svc.headers).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
    expect(svc.rows[0]).toMatchObject({ NAME: 'web', TYPE: 'ClusterIP', 'EXTERNAL-IP': '<none>', 'PORT(S)': '80/TCP', SELECTOR: 'app=web' });
    const ep = parseTable(await ok(kubectl, ['-n', ns, 'get', 'endpoints']));
    expect(ep.rows[0].ENDPOINTS.split(',').sort()).toEqual(pods.rows.map(p => `${p.IP}:8080`).sort());
    // Several kinds at once, as `kubectl get deploy,pods` prints them.
    const both = await ok(kubectl, ['-n', ns, 'get', 'deploy,rs,pods']);
    expect(both).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    expect(both).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$/m);
    expect(both).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
  });

  it('describes a deployment and a pod with their events', async () => {
    const d = await ok(kubectl, ['-n', ns, 'describe', 'deployment', 'web']);
    expect(d).toMatch(/^Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable$/m);
    expect(d).toMatch(/^StrategyType:\s+RollingUpdate$/m);
    expect(d).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-\w+ (from 0 )?to 2/);
    const pod = parseTable(await ok(kubectl, ['-n', ns, 'get', 'pods'])).rows[0].NAME;
    const p = await ok(kubectl, ['-n', ns, 'describe', 'pod', pod]);
    expect(p).toMatch(/^Status:\s+Running$/m);
    expect(p).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned/);
  });

  it('scales, and lists events', async () => {
    expect(await ok(kubectl, ['-n', ns, 'scale', 'deployment/web', '--replicas=3'])).toContain('deployment.apps/web scaled');
    await ok(kubectl, ['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=90s']);
    expect(parseTable(await ok(kubectl, ['-n', ns, 'get', 'deployment', 'web'])).rows[0].READY).toBe('3/3');
    const events = parseTable(await ok(kubectl, ['-n', ns, 'events']));
    expect(events.headers).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(events.rows.map(e => e.MESSAGE)).toEqual(expect.arrayContaining([expect.stringMatching(/^Scaled up replica set web-\w+ (from 2 )?to 3$/)]));
    const legacy = parseTable(await ok(kubectl, ['-n', ns, 'get', 'events']));
    expect(legacy.headers).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(legacy.rows.some(e => e.REASON === 'Scheduled' && e.OBJECT.startsWith('pod/web-'))).toBe(true);
  });

  it('watches with get -w, printing each change with the same columns', async () => {
    const watch = kubectlStream(kubeconfig, ['-n', ns, 'get', 'pods', '-w']);
    try {
      await waitUntil('the watch listing the pods', async () => /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m.test(watch.output()));
      await ok(kubectl, ['-n', ns, 'scale', 'deployment/web', '--replicas=4']);
      // a new pod shows up, then turns Running and Ready, each change a row of the same table
      const rows = await waitUntil('the new pod Running and Ready in the watch', async () => {
        const lines = watch.output().split('\n').filter(l => /^web-\S+\s+\d\/\d\s/.test(l));
        return lines.length > 3 && lines.some(l => /^web-\S+\s+1\/1\s+Running\s+0\s+\S+$/.test(l)) && lines;
      });
      expect(watch.output()).not.toMatch(/^NAME\s+AGE$/m);
      expect(rows.every(l => l.trim().split(/\s+/).length === 5)).toBe(true);
    } finally {
      watch.stop();
    }
    await ok(kubectl, ['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=90s']);
  });

  it('shows a pod\'s logs (its access log)', async () => {
    const pods = parseTable(await ok(kubectl, ['-n', ns, 'get', 'pods', '-o', 'wide'])).rows;
    const res = await fetch(`http://${pods[0].IP}:8080/from-kubectl-test`);
    expect(res.status).toBe(200);
    const logs = await waitUntil('the request in the log', async () => {
      const out = await ok(kubectl, ['-n', ns, 'logs', pods[0].NAME, '--tail=20']);
      return out.includes('GET /from-kubectl-test') && out;
    });
    expect(logs).toMatch(/"GET \/from-kubectl-test HTTP\/1\.1" 200 /);
  });

  it('re-applies a changed manifest as a rolling update', async () => {
    const out = await ok(kubectl, ['apply', '-f', '-'], manifest('registry.example/web:2.0', 2));
    expect(out).toContain('deployment.apps/web configured');
    expect(out).toContain('service/web unchanged');
    await ok(kubectl, ['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=90s']);
    const row = parseTable(await ok(kubectl, ['-n', ns, 'get', 'deployments', '-o', 'wide'])).rows[0];
    expect(row).toMatchObject({ READY: '2/2', IMAGES: 'registry.example/web:2.0' });
    const history = await ok(kubectl, ['-n', ns, 'rollout', 'history', 'deployment/web']);
    expect(history).toMatch(/^1\s/m);
    expect(history).toMatch(/^2\s/m);
  });

  it('deletes what the manifest created', async () => {
    // Namespace last: its deletion removes everything in it, which kubectl would then not find.
    const out = await ok(kubectl, ['delete', '-f', '-', '--wait=true', '--timeout=90s'], manifest('registry.example/web:2.0', 2, true));
    expect(out).toContain(`namespace "${ns}" deleted`);
    expect(out).toContain('deployment.apps "web" deleted');
    const missing = await kubectl(['-n', ns, 'get', 'deployment', 'web']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/NotFound|not found/);
    await waitUntil('namespace gone', async () => (await kubectl(['get', 'namespace', ns])).code !== 0);
  });
});

describe('kubectl generators (protobuf request bodies)', () => {
  const gen = 'kubectl-gen';

  it('creates a namespace, deployment, configmap, secret, pod and services from the command line', async () => {
    expect(await ok(kubectl, ['create', 'namespace', gen])).toContain(`namespace/${gen} created`);
    await ok(kubectl, ['-n', gen, 'create', 'deployment', 'web', '--image=registry.example/web:1', '--replicas=2', '--port=8080']);
    await ok(kubectl, ['-n', gen, 'create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=two']);
    await ok(kubectl, ['-n', gen, 'create', 'secret', 'generic', 'sec', '--from-literal=pw=hunter2']);
    await ok(kubectl, ['-n', gen, 'run', 'solo', '--image=registry.example/solo:1', '--env=A=1', '--labels=tier=x', '--port=9090']);
    expect(await ok(kubectl, ['-n', gen, 'expose', 'deployment', 'web', '--port=80', '--target-port=8080'])).toContain('service/web exposed');
    await ok(kubectl, ['-n', gen, 'rollout', 'status', 'deployment/web', '--timeout=90s']);

    const deploy = JSON.parse(await ok(kubectl, ['-n', gen, 'get', 'deployment', 'web', '-o', 'json']));
    expect(deploy.spec).toMatchObject({ replicas: 2, selector: { matchLabels: { app: 'web' } } });
    expect(deploy.spec.template.spec.containers[0]).toMatchObject({ name: 'web', image: 'registry.example/web:1', ports: [{ containerPort: 8080, protocol: 'TCP' }] });
    expect(JSON.parse(await ok(kubectl, ['-n', gen, 'get', 'configmap', 'cfg', '-o', 'json'])).data).toEqual({ a: '1', b: 'two' });
    const secret = JSON.parse(await ok(kubectl, ['-n', gen, 'get', 'secret', 'sec', '-o', 'json']));
    expect(Buffer.from(secret.data.pw, 'base64').toString()).toBe('hunter2');
    const pod = JSON.parse(await ok(kubectl, ['-n', gen, 'get', 'pod', 'solo', '-o', 'json']));
    expect(pod.metadata.labels).toEqual({ tier: 'x' });
    expect(pod.spec.containers[0]).toMatchObject({ image: 'registry.example/solo:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 9090 }] });
    const svc = JSON.parse(await ok(kubectl, ['-n', gen, 'get', 'service', 'web', '-o', 'json']));
    expect(svc.spec).toMatchObject({ selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] });
    await ok(kubectl, ['delete', 'namespace', gen, '--wait=true', '--timeout=90s']);
  });
});
