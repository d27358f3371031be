/**
 * The "Cellport HTTP service" template end to end on the running portal, as alice through the
 * scaffolder's API: the skeleton published to the local git server with its webhook, registered in
 * the catalog, its image repository, build config and first build (buildah on a build agent, the
 * image in the registry), the app in dev-1 and dev-2 running the built image, its domain answering
 * through both Nginx hosts of dev-public, its default alerts. A run stopped in the middle (a build
 * config of the same name for something else) says why; once that is gone, the same inputs
 * complete, and a rerun reuses every part. A dry run and a user without rights on the image group
 * create nothing.
 */
import { requirePortal, waitFor } from '../lib/portal';
import { getThroughNginx } from '../slb/nginxGet';
import { HOSTS, PortalApi, signInTokens } from '../slb/portalSlb';
import { gitRepository, gitServerUrl, Scaffolder } from './portalTemplates';

jest.setTimeout(1_200_000);

// one service per suite run: the suite may rerun on the same state
const suffix = Date.now().toString(36).slice(-5);
const NAME = `tpl-${suffix}`;
const GROUP = `tplg-${suffix}`;
const DOMAIN = `${NAME}.dev.cellport.local`;

const values = (name = NAME) => ({
  name,
  description: 'made by the template test',
  owner: 'group:default/payments-team',
  imageGroup: GROUP,
  cells: ['dev-1', 'dev-2'],
  lbGroup: 'dev-public',
  domainSuffix: 'dev.cellport.local',
});

describe('Cellport HTTP service template on the portal', () => {
  let url: string;
  let alice: Scaffolder;
  let bob: Scaffolder;
  const api: Record<string, PortalApi> = {};

  beforeAll(async () => {
    url = await requirePortal();
    const tokens = await signInTokens(url, ['alice', 'bob']);
    alice = new Scaffolder(url, tokens.alice);
    bob = new Scaffolder(url, tokens.bob);
    for (const plugin of [
      'registry',
      'builds',
      'cells',
      'slb',
      'observability',
      'catalog',
    ]) {
      api[plugin] = new PortalApi(url, plugin, tokens.alice);
    }
    await waitFor('the template in the catalog', async () => {
      const res = await api.catalog.call(
        'GET',
        '/entities/by-name/template/default/cellport-service',
      );
      return res.status === 200 ? true : undefined;
    });
    // alice's image group: bob is not a member
    await api.registry.expect(201, 'POST', '/groups', { name: GROUP });
  });

  /** What exists of a service, as alice sees it. */
  const existing = async (name: string) => ({
    git: (await gitRepository(name)) !== undefined,
    image: (await api.registry.call('GET', `/repositories/${GROUP}/${name}`))
      .status,
    build: (await api.builds.call('GET', `/configs/${name}`)).status,
    app: (await api.cells.call('GET', `/apps/${name}`)).status,
    component: (
      await api.catalog.call(
        'GET',
        `/entities/by-name/component/default/${name}`,
      )
    ).status,
  });
  const nothing = {
    git: false,
    image: 404,
    build: 404,
    app: 404,
    component: 404,
  };

  it("installs the git hosting publishers beside Cellport's own", async () => {
    const res = await fetch(`${url}/api/scaffolder/v2/actions`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    const ids = ((await res.json()) as Array<{ id: string }>).map(a => a.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'publish:github',
        'publish:gitlab',
        'cellport:publish:local-git',
        'cellport:catalog:register',
        'cellport:builds:config:create',
        'cellport:builds:start',
      ]),
    );
  });

  it('stops a user without rights on the image group at the first step, creating nothing', async () => {
    const name = `${NAME}-b`;
    const run = await bob.run('cellport-service', {
      ...values(name),
      owner: 'group:default/payments-team',
    });
    expect(run.status).toBe('failed');
    expect(run.failedStep).toBe('repository');
    // the registry's own message: the group is invisible to a non-member
    expect(run.log).toMatch(new RegExp(`${GROUP}`));
    expect(await existing(name)).toEqual(nothing);
  });

  it('reports every step in a dry run and creates nothing', async () => {
    const name = `${NAME}-d`;
    const dry = await alice.dryRun('cellport-service', values(name));
    expect(dry.status).toBe(200);
    expect(dry.log).toEqual(
      expect.arrayContaining([
        `Dry run: would create the image repository ${GROUP}/${name}`,
        expect.stringMatching(
          new RegExp(
            `^Dry run: would create ${gitServerUrl()}/git/${name}\\.git and push \\d+ files`,
          ),
        ),
        expect.stringMatching(
          new RegExp(
            `^Dry run: would register ${gitServerUrl()}/raw/${name}/main/catalog-info.yaml \\(component:default/${name}\\)`,
          ),
        ),
        expect.stringMatching(
          new RegExp(
            `^Dry run: would create the build config ${name} building`,
          ),
        ),
        `Dry run: would create the app ${name} in dev-1, dev-2 (region dev)`,
      ]),
    );
    expect(await existing(name)).toEqual(nothing);
  });

  it('creates the whole service; a run stopped in the middle completes on a rerun without duplicates', async () => {
    // something in the way at the build config step: alice's config of the same name for another repository
    await api.registry.expect(201, 'POST', `/groups/${GROUP}/repositories`, {
      name: 'decoy',
    });
    await api.builds.expect(201, 'POST', '/configs', {
      name: NAME,
      repositoryUrl: `${gitServerUrl()}/git/payments-api.git`,
      imageRepository: `${GROUP}/decoy`,
    });
    const stopped = await alice.run('cellport-service', values());
    expect(stopped.status).toBe('failed');
    expect(stopped.failedStep).toBe('buildConfig');
    expect(stopped.log).toContain(
      `Build config '${NAME}' exists with another repositoryUrl`,
    );
    // the steps before it are done, nothing after it
    expect((await gitRepository(NAME))?.branches.main).toMatch(
      /^[0-9a-f]{40}$/,
    );
    expect((await api.cells.call('GET', `/apps/${NAME}`)).status).toBe(404);
    await api.builds.expect(204, 'DELETE', `/configs/${NAME}`);

    const done = await alice.run('cellport-service', values());
    if (done.status !== 'completed')
      throw new Error(`task ${done.status}:\n${done.log}`);
    const commit = (await gitRepository(NAME))!.branches.main;
    expect(done.log).toContain(
      `Image repository ${GROUP}/${NAME} exists: reused`,
    );
    expect(done.log).toContain(
      `has main at ${commit.slice(0, 7)}: reused, nothing pushed`,
    );
    expect(done.log).toContain('is registered already: reused');
    expect(done.log).toContain(`Created the build config ${NAME}`);
    expect(done.log).toMatch(/Build #1 pushed \S+ \(sha256:[0-9a-f]{64}\)/);

    // the webhook of the git repository points at the build config
    const hooks = await api.builds.expect(
      200,
      'GET',
      `/configs/${NAME}/webhooks`,
    );
    const gitlab = hooks.endpoints.find((e: any) => e.platform === 'gitlab');
    expect((await gitRepository(NAME))!.webhook).toEqual({ url: gitlab.url });
    // the component, with its Cellport annotations, owned by alice's group
    const component = await api.catalog.expect(
      200,
      'GET',
      `/entities/by-name/component/default/${NAME}`,
    );
    expect(component.spec.owner).toBe('group:default/payments-team');
    expect(component.metadata.annotations).toMatchObject({
      'cellport.io/app': NAME,
      'cellport.io/image': `${GROUP}/${NAME}`,
      'cellport.io/build': NAME,
      'cellport.io/domain': DOMAIN,
    });
    // one build, of the published commit, whose image the first version runs in both cells
    const builds = await api.builds.expect(
      200,
      'GET',
      `/configs/${NAME}/builds`,
    );
    expect(builds.items).toHaveLength(1);
    expect(builds.items[0]).toMatchObject({
      state: 'succeeded',
      commit,
      tag: commit.slice(0, 7),
    });
    const app = await api.cells.expect(200, 'GET', `/apps/${NAME}`);
    expect(app).toMatchObject({
      imageRepository: `${GROUP}/${NAME}`,
      createdBy: 'user:default/alice',
    });
    const versions = await api.cells.expect(
      200,
      'GET',
      `/apps/${NAME}/versions`,
    );
    expect(versions.items.map((v: any) => [v.name, v.spec.image])).toEqual([
      ['v1', builds.items[0].image],
    ]);
    const overview = await api.cells.expect(
      200,
      'GET',
      `/apps/${NAME}/overview`,
    );
    expect(overview.cells.map((c: any) => c.cell).sort()).toEqual([
      'dev-1',
      'dev-2',
    ]);
    for (const cell of overview.cells) {
      expect(
        cell.pods.filter((p: any) => p.version === 'v1' && p.ready),
      ).toHaveLength(1);
    }
    // served through both Nginx hosts of the LB group under its domain
    for (const h of HOSTS) {
      await waitFor(
        `${DOMAIN} through ${h.host}`,
        async () => {
          const res = await getThroughNginx(h.address, DOMAIN);
          return res.status === 200 ? res : undefined;
        },
        120_000,
        500,
      );
    }
    const rules = await api.observability.expect(
      200,
      'GET',
      `/apps/${NAME}/alerts/rules`,
    );
    expect(rules.items.map((r: any) => r.name).sort()).toEqual([
      'error-ratio',
      'latency-p99',
      'restarts',
    ]);
    // the output page links to each part
    expect(done.output.links.map((l: any) => l.title)).toEqual([
      'Component',
      'Git repository',
      'Image repository',
      'Build',
      'App',
      'Domain',
      'Dashboards and alerts',
    ]);

    // a rerun with the same inputs reuses every part and creates nothing new
    const again = await alice.run('cellport-service', values());
    if (again.status !== 'completed')
      throw new Error(`task ${again.status}:\n${again.log}`);
    for (const reused of [
      `Image repository ${GROUP}/${NAME} exists: reused`,
      'nothing pushed',
      'is registered already: reused',
      `Build config ${NAME} exists: reused`,
      `Build #1 of ${commit.slice(0, 7)} is succeeded: reused`,
      `App ${NAME} exists in dev-1, dev-2: reused`,
      `Version v1 of ${NAME} exists: reused`,
      `Domain ${DOMAIN} exists: reused`,
      `Alert rule restarts of ${NAME} is as given: reused`,
      'already send a signed webhook to',
    ]) {
      expect(again.log).toContain(reused);
    }
    // the rerun neither read nor rotated the webhook secret (shown once, when the config was made)
    expect(
      (await api.builds.expect(200, 'GET', `/configs/${NAME}/webhooks`)).secret,
    ).toEqual(hooks.secret);
    expect((await gitRepository(NAME))!.webhook).toEqual({ url: gitlab.url });
    expect(
      (await api.builds.expect(200, 'GET', `/configs/${NAME}/builds`)).items,
    ).toHaveLength(1);
    // other inputs for the same name: the published repository is not silently reused
    const other = await alice.run('cellport-service', {
      ...values(),
      description: 'another service',
    });
    expect(other.status).toBe('failed');
    expect(other.failedStep).toBe('publish');
    expect(other.log).toMatch(
      /exists with other content \([^)]*catalog-info\.yaml[^)]*\): choose another name/,
    );
    expect((await gitRepository(NAME))!.branches.main).toBe(commit);

    const locations = await api.catalog.expect(200, 'GET', '/locations');
    expect(
      locations.filter(
        (l: any) =>
          l.data.target ===
          `${gitServerUrl()}/raw/${NAME}/main/catalog-info.yaml`,
      ),
    ).toHaveLength(1);
  });
});
