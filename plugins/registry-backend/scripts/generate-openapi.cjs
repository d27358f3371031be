#!/usr/bin/env node
// Writes src/schema/openapi.generated.ts (the document the typed router is built from) from
// src/schema/openapi.yaml, and the frontend client's types (registry-common's
// src/generated/openapi.ts, openapi-typescript): `npm run generate:openapi` after editing the YAML.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

const dir = path.join(__dirname, '..', 'src', 'schema');
const doc = yaml.load(fs.readFileSync(path.join(dir, 'openapi.yaml'), 'utf8'));
fs.writeFileSync(
  path.join(dir, 'openapi.generated.ts'),
  `// Generated from openapi.yaml (the contract the router enforces); openapi.test.ts keeps the two equal.\n/* eslint-disable */\n\n/** The registry plugin's OpenAPI document. */\nexport const spec = ${JSON.stringify(
    doc,
    null,
    2,
  )} as const;\n`,
);
execFileSync(
  'npx',
  [
    'openapi-typescript',
    path.join(dir, 'openapi.yaml'),
    '-o',
    path.join(__dirname, '..', '..', 'registry-common', 'src', 'generated', 'openapi.ts'),
  ],
  { stdio: 'inherit' },
);
