/**
 * What the extended suites need beside seed.ts's world, made through the API as a user would: a
 * domain of the app `shop` in the slb group, and a build config `app` building `team/app` with
 * every role of {@link PEOPLE} held by its person (the owner created it).
 */
import { PEOPLE, ReliabilityBackend } from './backend';
import { call } from './seed';

/** The seeded domain. */
export const SEEDED_DOMAIN = 'shop.example.test';

/** Path parameters of the extended plugins' seeded resources, by plugin. */
export const EXTENDED_SEEDED: Record<string, Record<string, string>> = {
  slb: { name: SEEDED_DOMAIN },
  builds: { name: 'app', platform: 'github' },
  observability: {},
};

/** A secret build argument's value: no answer may hold it. */
export const SECRET_BUILD_ARG = 'sekret-build-arg-7f3a9c';

/**
 * Creates the domain and the build config (after `seed`); returns the secrets no answer may hold
 * (the secret build argument, the config's webhook secret).
 */
export async function seedExtended(backend: ReliabilityBackend): Promise<{ webhookSecret: string; secrets: string[] }> {
  const owner = PEOPLE.owner;
  await call(backend, owner, 'POST', '/api/slb/domains', {
    name: SEEDED_DOMAIN,
    group: 'rel-public',
    app: 'shop',
    locations: [{ path: '/', app: 'shop', port: 8080 }],
  }, 201);
  // the creation answer is the only one that holds the config's webhook secret
  const created = await call(backend, owner, 'POST', '/api/builds/configs', {
    name: 'app',
    repositoryUrl: 'http://127.0.0.1:9/git/app.git',
    imageRepository: 'team/app',
    buildArgs: [{ name: 'NPM_TOKEN', value: SECRET_BUILD_ARG, secret: true }],
  }, 201);
  for (const role of ['master', 'developer', 'reporter', 'guest'] as const) {
    await call(backend, owner, 'POST', '/api/builds/configs/app/members', { member: PEOPLE[role], role }, 201);
  }
  return { webhookSecret: created.webhookSecret, secrets: [SECRET_BUILD_ARG, created.webhookSecret] };
}
