import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The document lives with the router that enforces it, in the backend plugin (as Backstage's
// catalog keeps its document in catalog-backend and generates catalog-client from it).
const documentPath = path.resolve(
  __dirname,
  '../../../cells-backend/src/schema/openapi.yaml',
);

jest.setTimeout(120_000);

describe('generated/openapi.ts', () => {
  it('is what openapi-typescript makes of the cells backend document (run `npm run generate:openapi` in plugins/cells-backend)', () => {
    const out = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'cells-openapi-')),
      'openapi.ts',
    );
    execFileSync(
      process.execPath,
      [
        path.join(
          path.dirname(require.resolve('openapi-typescript/package.json')),
          'bin/cli.js',
        ),
        documentPath,
        '-o',
        out,
      ],
      { stdio: 'pipe' },
    );
    expect(fs.readFileSync(out, 'utf8')).toBe(
      fs.readFileSync(path.join(__dirname, 'openapi.ts'), 'utf8'),
    );
  });
});
