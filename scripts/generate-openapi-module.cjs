#!/usr/bin/env node
// Writes <plugin>/src/schema/openapi.generated.ts (the document a typed router of
// @backstage/backend-openapi-utils is built from) from <plugin>/src/schema/openapi.yaml:
//   node scripts/generate-openapi-module.cjs plugins/<id>-backend [...]
//   node scripts/generate-openapi-module.cjs --check plugins/<id>-backend [...]
// `--check` writes nothing and exits 1 naming each module that is not what the generator makes of
// its document (test/src/catalog/openapi-generated.test.ts runs it over every backend plugin in
// CI). One script for every backend plugin.
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

/** The module's text for the plugin's document. */
function render(pluginDir) {
  const dir = path.join(pluginDir, 'src', 'schema');
  const doc = yaml.load(fs.readFileSync(path.join(dir, 'openapi.yaml'), 'utf8'));
  const id = String(doc.info?.title ?? path.basename(pluginDir).replace(/-backend$/, ''));
  return `// Generated from openapi.yaml (the contract the router enforces); openapi.test.ts keeps the two equal.\n/* eslint-disable */\n\n/** The ${id} plugin's OpenAPI document. */\nexport const spec = ${JSON.stringify(
    doc,
    null,
    2,
  )} as const;\n`;
}

const args = process.argv.slice(2);
const check = args.includes('--check');
const dirs = args.filter(a => a !== '--check');
const stale = [];
for (const pluginDir of (dirs.length ? dirs : ['.']).map(d => path.resolve(d))) {
  const target = path.join(pluginDir, 'src', 'schema', 'openapi.generated.ts');
  const shown = path.relative(process.cwd(), target);
  const text = render(pluginDir);
  if (check) {
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) {
      stale.push(shown);
    }
  } else {
    fs.writeFileSync(target, text);
    console.log(`wrote ${shown}`);
  }
}
if (stale.length) {
  console.error(
    `out of date (run \`npm run generate:openapi\` in the plugin): ${stale.join(', ')}`,
  );
  process.exit(1);
}
