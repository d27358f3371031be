import fs from 'node:fs';
import path from 'node:path';
import {
  BuildStepName,
  BuildTask,
  SHORT_SHA_LENGTH,
} from '@cellport/plugin-builds-common';
import { captureCommand, CommandError, runCommand } from './commands';
import { ContainersConfig } from './containersConfig';
import { Reporter } from './Reporter';

/**
 * The abort reason when the agent itself gives a build up (stopped, lost its registration): the
 * backend may retry the build on another agent.
 *
 * @public
 */
export class AgentLostError extends Error {}

/**
 * Runs one build attempt: clone (shallow, the exact commit), build with buildah (`--layers`, the
 * config's dependency cache folder mounted into `RUN` steps), push with the build's own registry
 * token. Reports steps, the commit and the result through the {@link Reporter}.
 *
 * @public
 */
export class BuildRunner {
  constructor(
    private readonly stateDir: string,
    private readonly containers: ContainersConfig,
    /** Asks the backend for the build's push token, at push time. */
    private readonly pushToken: (
      task: BuildTask,
      reporter: Reporter,
      signal: AbortSignal,
    ) => Promise<string>,
  ) {}

  /** The dependency cache folder of a build config on this agent. */
  cacheDir(config: string): string {
    return path.join(this.stateDir, 'cache', config);
  }

  async run(
    task: BuildTask,
    reporter: Reporter,
    signal: AbortSignal,
  ): Promise<void> {
    const work = path.join(
      this.stateDir,
      'work',
      `${task.buildId}-${task.attempt}`,
    );
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    const env = this.containers.env;
    let step: BuildStepName = 'clone';
    const started = Date.now();
    const exec = (
      command: string,
      args: string[],
      cwd = work,
      extraEnv: NodeJS.ProcessEnv = {},
    ) => {
      reporter.log(`$ ${command} ${args.map(redactArg).join(' ')}`);
      return runCommand(command, args, {
        cwd,
        env: { ...env, ...extraEnv },
        signal,
        onLine: line => reporter.log(line),
      });
    };
    const timed = async (name: BuildStepName, fn: () => Promise<void>) => {
      step = name;
      const t0 = Date.now();
      await reporter.report({
        type: 'step',
        step: name,
        state: 'running',
        at: iso(t0),
      });
      await fn();
      await reporter.report({
        type: 'step',
        step: name,
        state: 'succeeded',
        at: iso(Date.now()),
        durationMs: Date.now() - t0,
      });
    };
    try {
      const src = path.join(work, 'src');
      let commit = '';
      await timed('clone', async () => {
        commit = await this.clone(task, src, work, exec, signal, env);
      });
      const tag = task.image.tag ?? commit.slice(0, SHORT_SHA_LENGTH);
      await reporter.report({ type: 'commit', commit, tag });
      const localImage = `localhost/cellport-build/${task.config}:latest`;
      await timed('build', () => this.build(task, src, localImage, exec));
      let digest = '';
      await timed('push', async () => {
        const token = await this.pushToken(task, reporter, signal);
        reporter.addSecret(token);
        digest = await this.push(task, localImage, tag, token, work, exec);
      });
      reporter.log(
        `pushed ${task.image.registry}/${
          task.image.repository
        }:${tag}@${digest} in ${Date.now() - started} ms`,
      );
      await reporter.report({
        type: 'result',
        state: 'succeeded',
        at: iso(Date.now()),
        digest,
        tag,
      });
    } catch (e) {
      const lost = signal.reason instanceof AgentLostError;
      const cancelled = signal.aborted && !lost;
      let reason = (e as Error).message;
      if (lost) reason = (signal.reason as Error).message;
      else if (cancelled) reason = String(signal.reason ?? 'cancelled');
      await reporter.report({
        type: 'step',
        step,
        state: cancelled ? 'cancelled' : 'failed',
        at: iso(Date.now()),
      });
      await reporter.report({
        type: 'result',
        state: cancelled ? 'cancelled' : 'failed',
        at: iso(Date.now()),
        step,
        reason: lost ? reason : `${step} failed: ${reason}`,
        ...(lost ? { agentLost: true } : {}),
      });
      if (!(e instanceof CommandError) && !cancelled) {
        reporter.log(`agent error: ${(e as Error).stack ?? e}`);
      }
    } finally {
      await reporter.drain().catch(() => {});
      fs.rmSync(work, { recursive: true, force: true });
    }
  }

  private async clone(
    task: BuildTask,
    src: string,
    work: string,
    exec: Exec,
    signal: AbortSignal,
    env: NodeJS.ProcessEnv,
  ): Promise<string> {
    await exec('git', ['init', '-q', src]);
    await exec('git', ['-C', src, 'remote', 'add', 'origin', task.git.url]);
    const branchRef = `refs/heads/${task.git.branch}`;
    if (task.git.commit) {
      try {
        await exec('git', [
          '-C',
          src,
          'fetch',
          '-q',
          '--depth',
          '1',
          'origin',
          task.git.commit,
        ]);
      } catch (e) {
        if (signal.aborted) throw e;
        // servers that refuse unadvertised commits: fetch the branch deeper and find it there
        await exec('git', [
          '-C',
          src,
          'fetch',
          '-q',
          '--depth',
          '100',
          'origin',
          branchRef,
        ]);
      }
      await exec('git', [
        '-C',
        src,
        'checkout',
        '-q',
        '--detach',
        task.git.commit,
      ]);
    } else {
      await exec('git', [
        '-C',
        src,
        'fetch',
        '-q',
        '--depth',
        '1',
        'origin',
        branchRef,
      ]);
      await exec('git', [
        '-C',
        src,
        'checkout',
        '-q',
        '--detach',
        'FETCH_HEAD',
      ]);
    }
    const commit = await captureCommand(
      'git',
      ['-C', src, 'rev-parse', 'HEAD'],
      {
        cwd: work,
        env,
        signal,
      },
    );
    if (!/^[0-9a-f]{40}$/.test(commit)) {
      throw new Error(`git rev-parse printed '${commit}', not a commit`);
    }
    return commit;
  }

  private async build(
    task: BuildTask,
    src: string,
    localImage: string,
    exec: Exec,
  ) {
    const contextDir = path.resolve(src, task.context);
    const dockerfile = path.resolve(contextDir, task.dockerfile);
    // the paths were validated by the backend; check again after symlinks are resolved
    for (const p of [contextDir, dockerfile]) {
      const real = fs.existsSync(p) ? fs.realpathSync(p) : p;
      if (
        real !== src &&
        !real.startsWith(`${fs.realpathSync(src)}${path.sep}`)
      ) {
        throw new Error(`${path.relative(src, p)} leaves the repository`);
      }
    }
    if (!fs.existsSync(dockerfile)) {
      throw new Error(
        `the Dockerfile ${path.relative(
          src,
          dockerfile,
        )} is not in the repository`,
      );
    }
    const cacheDir = this.cacheDir(task.config);
    fs.mkdirSync(cacheDir, { recursive: true });
    const args = [
      'bud',
      '--layers',
      '--isolation',
      'chroot',
      '-f',
      dockerfile,
      '-t',
      localImage,
      '--volume',
      `${cacheDir}:${task.cacheMountPath}:rw`,
    ];
    if (task.noCache) {
      args.push('--no-cache');
    }
    const secretEnv: NodeJS.ProcessEnv = {};
    for (const arg of task.buildArgs) {
      if (arg.secret) {
        // `--build-arg NAME` takes the value from the environment: secrets stay off command lines
        args.push('--build-arg', arg.name);
        secretEnv[arg.name] = arg.value;
      } else {
        args.push('--build-arg', `${arg.name}=${arg.value}`);
      }
    }
    args.push(contextDir);
    await exec('buildah', args, undefined, secretEnv);
  }

  private async push(
    task: BuildTask,
    localImage: string,
    tag: string,
    token: string,
    work: string,
    exec: Exec,
  ): Promise<string> {
    const digestFile = path.join(work, 'digest');
    const target = `docker://${task.image.registry}/${task.image.repository}:${tag}`;
    const tokenFile = path.join(work, 'push-token');
    fs.writeFileSync(tokenFile, token, { mode: 0o600 });
    await exec('sh', [
      '-c',
      'exec skopeo copy --retry-times 2 --dest-registry-token "$(cat "$1")" --digestfile "$2" "$3" "$4" "$5"',
      'skopeo',
      tokenFile,
      digestFile,
      task.image.insecure
        ? '--dest-tls-verify=false'
        : '--dest-tls-verify=true',
      `containers-storage:${localImage}`,
      target,
    ]);
    return fs.readFileSync(digestFile, 'utf8').trim();
  }
}

type Exec = (
  command: string,
  args: string[],
  cwd?: string,
  extraEnv?: NodeJS.ProcessEnv,
) => Promise<void>;

function iso(ms: number) {
  return new Date(ms).toISOString();
}

/** Command lines are logged; nothing secret is ever on them, but tokens get a second guard. */
function redactArg(arg: string): string {
  return arg.length > 200 ? `${arg.slice(0, 12)}…` : arg;
}
