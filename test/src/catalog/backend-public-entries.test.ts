/**
 * The backend packages' public entries hold only their public API: every value a backend plugin or
 * module exports at runtime is in its checked-in API report (`report.api.md`). An `@internal`
 * re-export is left out of the report and the published declarations, yet it still ships in the
 * published JavaScript, where adopters can import it; tests reach a plugin's parts through its
 * sources instead (see test/src/registry/harness.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const plugins = path.join(root, 'plugins');

/** The backend plugins and modules, by folder, with their package names. */
const backends = fs
  .readdirSync(plugins)
  .map(dir => ({ dir, file: path.join(plugins, dir, 'package.json') }))
  .filter(({ file }) => fs.existsSync(file))
  .map(({ dir, file }) => ({
    dir,
    pkg: JSON.parse(fs.readFileSync(file, 'utf8')),
  }))
  .filter(({ pkg }) =>
    ['backend-plugin', 'backend-plugin-module'].includes(pkg.backstage?.role),
  )
  .map(({ dir, pkg }) => ({ dir, name: pkg.name as string }))
  .sort((a, b) => a.dir.localeCompare(b.dir));

/** The names a report declares as exported (`export const x`, `export class X`, `export { x }`, ...). */
function reportedNames(report: string): Set<string> {
  const names = new Set<string>();
  for (const m of report.matchAll(
    /^export (?:declare )?(?:const|let|function|class|interface|type|enum) (\w+)/gm,
  )) {
    names.add(m[1]);
  }
  for (const m of report.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const part of m[1].split(',')) {
      const alias = part
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (alias) names.add(alias);
    }
  }
  return names;
}

jest.setTimeout(300_000);

describe('the backend packages’ public entries', () => {
  it('finds the backend plugins and modules', () => {
    expect(backends.map(b => b.dir)).toEqual(
      expect.arrayContaining([
        'cells-backend',
        'registry-backend',
        'slb-backend',
      ]),
    );
  });

  it.each(backends)(
    '$name exports at runtime only what its API report shows',
    ({ dir, name }) => {
      const report = fs.readFileSync(
        path.join(plugins, dir, 'report.api.md'),
        'utf8',
      );
      const reported = reportedNames(report);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const entry = require(name);
      const exported = Object.keys(entry).filter(
        k => k !== '__esModule' && k !== 'default',
      );
      expect(exported.filter(k => !reported.has(k))).toEqual([]);
      expect(entry.default).toBeDefined();
    },
  );
});
