import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import request from 'supertest';
import { mockServices } from '@backstage/backend-test-utils';
import { createTestApp } from '../__testUtils__/testing';
import { createBuildTokenRouter } from '../buildTokenRouter';
import { spec } from './openapi.generated';

/** `METHOD /path/{param}` of every route below an express router stack (express 4). */
function routesOf(stack: any[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) {
        out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      }
    } else if (layer.handle?.stack) {
      // a mounted router: `/^\/groups\/(?:([^\/]+?))\/?(?=\/|$)/i` with keys [group] is /groups/:group
      const keys: string[] = (layer.keys ?? []).map((k: any) => k.name);
      let next = 0;
      const mount = layer.regexp?.fast_slash
        ? ''
        : String(layer.regexp?.source ?? '')
            .replace(/^\^/, '')
            .replace(/\\\/\?\(\?=\\\/\|\$\)$/, '')
            .replace(/\(\?:\(\[\^\\\/\]\+\?\)\)/g, () => `:${keys[next++]}`)
            .replace(/\(\?:\\\/\(\[\^\/\]\+\?\)\)/g, () => `/:${keys[next++]}`)
            .replace(/\\\//g, '/');
      out.push(...routesOf(layer.handle.stack, `${prefix}${mount === '^\\/?(?=\\/|$)' ? '' : mount}`));
    }
  }
  return out.map(r => r.replace(/:(\w+)/g, '{$1}'));
}

jest.setTimeout(60_000); // a loaded CI machine: each app compiles its OpenAPI validator

describe('the registry OpenAPI document', () => {
  it('openapi.generated.ts is openapi.yaml (npm run generate:openapi after editing the YAML)', () => {
    const doc = yaml.load(fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'));
    expect(JSON.parse(JSON.stringify(spec))).toEqual(doc);
  });

  it('describes exactly the routes the plugin serves', async () => {
    const t = await createTestApp();
    const buildTokens = createBuildTokenRouter({ store: t.store, issuer: t.issuer, httpAuth: mockServices.httpAuth() });
    const served = new Set(
      [...routesOf((t.app as any)._router.stack), ...routesOf((buildTokens as any).stack)].filter(
        r => !r.endsWith(' /openapi.json'),
      ),
    );
    const documented = new Set(
      Object.entries(spec.paths).flatMap(([p, item]) =>
        Object.keys(item).map(method => `${method.toUpperCase()} ${p}`),
      ),
    );
    expect({
      servedButNotDocumented: [...served].filter(r => !documented.has(r)).sort(),
      documentedButNotServed: [...documented].filter(r => !served.has(r)).sort(),
    }).toEqual({ servedButNotDocumented: [], documentedButNotServed: [] });
  });

  it('is served at /openapi.json and validates requests against it', async () => {
    const t = await createTestApp();
    const doc = await request(t.app).get('/openapi.json').expect(200);
    expect(doc.body.info.title).toBe('Cellport registry');
    const alice = 'Bearer mock-user-token:{"sub":"user:default/alice"}';
    // an unknown body field and a wrong type are refused by the document before any handler
    const res = await request(t.app)
      .patch('/groups/team')
      .set('authorization', alice)
      .send({ description: 1 })
      .expect(400);
    expect(res.body.error.name).toBe('InputError');
    await request(t.app).post('/tokens').set('authorization', alice).send({ name: 'x', extra: true }).expect(400);
    await request(t.app).delete('/tokens/not-a-uuid').set('authorization', alice).expect(400);
  });
});
