import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { mockServices } from '@backstage/backend-test-utils';
import { createAccessRouter } from './createAccessRouter';

describe('the members OpenAPI document', () => {
  it('describes exactly the routes createAccessRouter serves', () => {
    const doc = yaml.load(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    ) as { paths: Record<string, Record<string, unknown>> };
    const router = createAccessRouter({
      access: {} as any,
      httpAuth: mockServices.httpAuth(),
      kind: 'image-repository',
    });
    const served = new Set<string>(
      (router as any).stack
        .filter((layer: any) => layer.route)
        .flatMap((layer: any) =>
          Object.keys(layer.route.methods).map(
            m =>
              `${m.toUpperCase()} ${String(layer.route.path).replace(/:(\w+)/g, '{$1}')}`,
          ),
        ),
    );
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, item]) =>
        Object.keys(item).map(m => `${m.toUpperCase()} ${p}`),
      ),
    );
    expect({
      servedButNotDocumented: [...served].filter(r => !documented.has(r)),
      documentedButNotServed: [...documented].filter(r => !served.has(r)),
    }).toEqual({ servedButNotDocumented: [], documentedButNotServed: [] });
  });
});
