/**
 * What is generated from the backend plugins' OpenAPI documents is current: each plugin's
 * `src/schema/openapi.generated.ts` (the typed router's document, by
 * `scripts/generate-openapi-module.cjs --check`) and each client's types (what openapi-typescript
 * makes of the document, where the plugin's `generate:openapi` script writes them). A document
 * edited without `npm run generate:openapi` in its plugin fails here.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const plugins = path.join(root, 'plugins');

/** Every backend plugin with an OpenAPI document. */
const backends = fs
  .readdirSync(plugins)
  .filter(dir => dir.endsWith('-backend'))
  .filter(dir => fs.existsSync(path.join(plugins, dir, 'src/schema/openapi.yaml')))
  .sort();

/** `[plugin, client types file]` of each `openapi-typescript <document> -o <file>` in a plugin's generate:openapi. */
const clients = backends.flatMap(dir => {
  const pkg = JSON.parse(fs.readFileSync(path.join(plugins, dir, 'package.json'), 'utf8'));
  const script: string = pkg.scripts?.['generate:openapi'] ?? '';
  return [...script.matchAll(/openapi-typescript\s+(\S+)\s+-o\s+(\S+)/g)].map(
    m => [dir, path.join(plugins, dir, m[1]), path.join(plugins, dir, m[2])] as const,
  );
});

jest.setTimeout(300_000);

describe('what is generated from the OpenAPI documents', () => {
  it('finds the documents of the backend plugins', () => {
    expect(backends).toEqual(expect.arrayContaining(['builds-backend', 'cells-backend', 'registry-backend']));
  });

  it('openapi.generated.ts of every backend plugin is its document', () => {
    let stale = '';
    try {
      execFileSync(
        process.execPath,
        [path.join(root, 'scripts/generate-openapi-module.cjs'), '--check', ...backends.map(d => path.join(plugins, d))],
        { encoding: 'utf8', stdio: 'pipe' },
      );
    } catch (error) {
      stale = String((error as { stderr?: string }).stderr || error);
    }
    expect(stale).toBe('');
  });

  it.each(clients)('the client types of %s are what openapi-typescript makes of its document', (_dir, document, target) => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-client-')), 'openapi.ts');
    execFileSync(
      process.execPath,
      [path.join(path.dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js'), document, '-o', out],
      { stdio: 'pipe' },
    );
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(target, 'utf8'));
  });
});
