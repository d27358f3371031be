import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { spec } from './openapi.generated';

describe('openapi.generated.ts', () => {
  it('is the document of openapi.yaml (regenerate it after editing the YAML)', () => {
    const doc = yaml.load(fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'));
    expect(JSON.parse(JSON.stringify(spec))).toEqual(doc);
  });
});
