#!/usr/bin/env node
// Writes <plugin>/src/schema/openapi.generated.ts (the document a typed router of
// @backstage/backend-openapi-utils is built from) from <plugin>/src/schema/openapi.yaml:
//   node scripts/generate-openapi-module.cjs plugins/<id>-backend
// The plugin's openapi.test.ts keeps the two equal. One script for every backend plugin.
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

const pluginDir = path.resolve(process.argv[2] ?? '.');
const dir = path.join(pluginDir, 'src', 'schema');
const doc = yaml.load(fs.readFileSync(path.join(dir, 'openapi.yaml'), 'utf8'));
const id = String(doc.info?.title ?? path.basename(pluginDir).replace(/-backend$/, ''));
fs.writeFileSync(
  path.join(dir, 'openapi.generated.ts'),
  `// Generated from openapi.yaml (the contract the router enforces); openapi.test.ts keeps the two equal.\n/* eslint-disable */\n\n/** The ${id} plugin's OpenAPI document. */\nexport const spec = ${JSON.stringify(
    doc,
    null,
    2,
  )} as const;\n`,
);
console.log(`wrote ${path.relative(process.cwd(), path.join(dir, 'openapi.generated.ts'))}`);
