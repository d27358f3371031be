/**
 * Applies the structural configuration (domains): renders the files, tests them with `nginx -t`
 * in a staging folder, and only then writes them to the live folder and reloads. When the test
 * fails, each changed domain is tried alone on top of the last good configuration: the good ones
 * are applied, the bad ones keep their last good version and report the error.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  renderGroupConfig,
  RenderTarget,
  SlbDomain,
} from '@cellport/plugin-slb-common';
import { NginxHost } from './NginxHost';

/** The outcome of one apply. */
export interface ApplyResult {
  /** Whether the live files changed (and Nginx was reloaded). */
  reloaded: boolean;
  /** Domains whose wanted configuration was refused, with nginx's message. */
  errors: Record<string, string>;
}

function writeTree(dir: string, files: Record<string, string>): void {
  const wanted = new Set(Object.keys(files));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let current: string | undefined;
    try {
      current = fs.readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== content) {
      fs.writeFileSync(`${file}.tmp`, content);
      fs.renameSync(`${file}.tmp`, file);
    }
  }
  const domainsDir = path.join(dir, 'domains');
  for (const name of fs.existsSync(domainsDir) ? fs.readdirSync(domainsDir) : []) {
    if (!wanted.has(`domains/${name}`)) fs.rmSync(path.join(domainsDir, name), { force: true });
  }
}

/**
 * The rendered files plus `generation.conf`, an admin location answering the files' hash: after
 * a reload the agent polls it to know the new workers run them.
 */
function filesWithGeneration(
  domains: Iterable<SlbDomain>,
  target: RenderTarget,
): { files: Record<string, string>; generation: string } {
  const files = renderGroupConfig([...domains], target).files;
  const hash = crypto.createHash('sha256');
  for (const key of Object.keys(files).sort()) hash.update(key).update('\0').update(files[key]);
  const generation = hash.digest('hex').slice(0, 16);
  files['generation.conf'] = `location = /cellport/generation { return 200 "${generation}"; }\n`;
  return { files, generation };
}

function fingerprint(domains: ReadonlyMap<string, SlbDomain>): string {
  return JSON.stringify(
    [...domains.values()].sort((a, b) => a.name.localeCompare(b.name)),
  );
}

function same(a: SlbDomain | undefined, b: SlbDomain | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Tests and applies domain sets, remembering the last good one (also on disk). */
export class ConfigApplier {
  private good = new Map<string, SlbDomain>();
  /** The wanted set of the last apply: refused domains are not retried until something changes. */
  private attempted?: string;
  private readonly stateFile: string;

  constructor(
    private readonly nginx: NginxHost,
    private readonly target: RenderTarget,
  ) {
    this.stateFile = path.join(nginx.stateDir, 'applied-domains.json');
  }

  /** Loads the last good domains a previous run applied (their files are still live). */
  load(): void {
    try {
      const list = JSON.parse(fs.readFileSync(this.stateFile, 'utf8')) as SlbDomain[];
      this.good = new Map(list.map(d => [d.name, d]));
    } catch {
      this.good = new Map();
    }
  }

  /** The domains Nginx runs. */
  get applied(): ReadonlyMap<string, SlbDomain> {
    return this.good;
  }

  private async passes(domains: Map<string, SlbDomain>) {
    fs.rmSync(this.nginx.stagingDir, { recursive: true, force: true });
    writeTree(
      this.nginx.stagingDir,
      filesWithGeneration(domains.values(), this.target).files,
    );
    return this.nginx.test();
  }

  /** Whether `wanted` differs from what was last applied or attempted. */
  needsApply(wanted: ReadonlyMap<string, SlbDomain>): boolean {
    return fingerprint(wanted) !== this.attempted || !this.liveMatches(this.good);
  }

  /** Brings Nginx as close to `wanted` as `nginx -t` allows. */
  async apply(wanted: ReadonlyMap<string, SlbDomain>): Promise<ApplyResult> {
    const changed = [...new Set([...wanted.keys(), ...this.good.keys()])]
      .filter(name => !same(wanted.get(name), this.good.get(name)))
      .sort();
    const liveFilesCurrent = this.liveMatches(this.good);
    if (changed.length === 0 && liveFilesCurrent) {
      this.attempted = fingerprint(wanted);
      return { reloaded: false, errors: {} };
    }
    const errors: Record<string, string> = {};
    let accepted = new Map(wanted);
    const all = await this.passes(accepted);
    if (!all.ok) {
      // keep what was good, then add the changes one by one
      accepted = new Map(this.good);
      for (const name of changed) {
        const domain = wanted.get(name);
        const trial = new Map(accepted);
        if (domain) trial.set(name, domain);
        else trial.delete(name);
        const result = await this.passes(trial);
        if (result.ok) accepted = trial;
        else errors[name] = result.output;
      }
    }
    const reloaded =
      fingerprint(accepted) !== fingerprint(this.good) || !liveFilesCurrent;
    if (reloaded) {
      const { files, generation } = filesWithGeneration(accepted.values(), this.target);
      writeTree(this.nginx.liveDir, files);
      this.good = accepted;
      fs.writeFileSync(this.stateFile, JSON.stringify([...accepted.values()]));
      const oldWorkers = this.nginx.reload();
      await this.nginx.waitGeneration(generation, oldWorkers);
    }
    this.attempted = fingerprint(wanted);
    return { reloaded, errors };
  }

  /** Whether the live files are exactly what `domains` render to. */
  private liveMatches(domains: ReadonlyMap<string, SlbDomain>): boolean {
    const { files } = filesWithGeneration(domains.values(), this.target);
    const domainsDir = path.join(this.nginx.liveDir, 'domains');
    const present = fs.existsSync(domainsDir) ? fs.readdirSync(domainsDir) : [];
    if (present.length !== Object.keys(files).length - 2) return false;
    return Object.entries(files).every(([rel, content]) => {
      try {
        return fs.readFileSync(path.join(this.nginx.liveDir, rel), 'utf8') === content;
      } catch {
        return false;
      }
    });
  }
}
