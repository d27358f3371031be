import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSimulator, Simulator } from '@cellport/cell-sim';
import {
  cellsCellSupplierExtensionPoint,
  cellsPullCredentialsExtensionPoint,
  PullCredentialsRequest,
} from '@cellport/plugin-cells-node';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { catalogUser } from './__testUtils__/catalogUsers';
import { policyPermissionsFactory } from './__testUtils__/policyPermissions';
import { cellsPlugin } from './plugin';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';

describe('cells extension points (@cellport/plugin-cells-node)', () => {
  let sim: Simulator;
  let dir: string;

  beforeAll(async () => {
    sim = await startSimulator({ cells: [{ name: 'own-1', region: 'mine', port: 0 }] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cells-ext-'));
  });
  afterAll(async () => {
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("drives the adopter's cells with the adopter's pull credentials", async () => {
    const kubeconfigFile = sim.cell('own-1').writeKubeconfig(path.join(dir, 'own-1.kubeconfig'));
    const asked: PullCredentialsRequest[] = [];
    const adopterModule = createBackendModule({
      pluginId: 'cells',
      moduleId: 'adopter',
      register(env) {
        env.registerInit({
          deps: {
            cells: cellsCellSupplierExtensionPoint,
            pulls: cellsPullCredentialsExtensionPoint,
          },
          async init({ cells, pulls }) {
            cells.setCellSupplier({
              getCells: async () => [
                { name: 'own-1', region: 'mine', kubeconfigFile, simulated: true, skipTLSVerify: false },
              ],
            });
            pulls.setPullCredentialsProvider({
              async forApp(req) {
                asked.push(req);
                return {
                  dockerConfigJson: JSON.stringify({
                    auths: { 'registry.example.test': { username: 'u', password: 'p', auth: 'dTpw' } },
                  }),
                };
              },
            });
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        cellsPlugin,
        adopterModule,
        catalogServiceMock.factory({ entities: [catalogUser('alice')] }),
        policyPermissionsFactory,
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
        // no cellport.cells.regions and no registry.* config at all
        mockServices.rootConfig.factory({ data: { cellport: { cells: { requestTimeoutSeconds: 5 } } } }),
      ],
    });
    const as = mockCredentials.user.header(ALICE);
    const regions = await request(server).get('/api/cells/regions').set('Authorization', as).expect(200);
    expect(regions.body.items.map((r: any) => [r.name, r.cells.map((c: any) => c.name)])).toEqual([
      ['mine', ['own-1']],
    ]);

    await request(server)
      .post('/api/cells/apps')
      .set('Authorization', as)
      .send({ name: 'shop', cells: ['own-1'], imageRepository: 'team/api' })
      .expect(201);
    expect(asked).toEqual([
      expect.objectContaining({ app: 'shop', imageRepository: 'team/api' }),
    ]);
    const kc = new KubeConfig();
    kc.loadFromString(sim.cell('own-1').kubeconfig);
    const secret = await kc.makeApiClient(CoreV1Api).readNamespacedSecret({ name: 'shop-pull', namespace: 'shop' });
    expect(
      JSON.parse(Buffer.from(secret.data!['.dockerconfigjson'], 'base64').toString('utf8')).auths,
    ).toHaveProperty(['registry.example.test']);
    // the app runs in the adopter's cell
    expect((await kc.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: 'shop' })).items).toBeDefined();
  });
});
