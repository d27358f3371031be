import fs from 'node:fs';
import path from 'node:path';

/**
 * The agent's containers configuration, all inside its state folder: vfs storage (layers cache),
 * chroot isolation, and the registries short image names resolve against (so `FROM library/base:1`
 * pulls from the Cellport registry).
 *
 * @public
 */
export type ContainersConfig = {
  storageConf: string;
  registriesConf: string;
  graphRoot: string;
  /** Environment for buildah and skopeo. */
  env: NodeJS.ProcessEnv;
};

/**
 * Writes `storage.conf` and `registries.conf` under `stateDir/containers` and returns the
 * environment that makes buildah and skopeo use them.
 *
 * @param searchRegistries - `host[:port]` of registries short names resolve against, in order.
 * @param insecureRegistries - those of them reached over plain HTTP.
 * @public
 */
export function writeContainersConfig(
  stateDir: string,
  searchRegistries: string[],
  insecureRegistries: string[],
): ContainersConfig {
  const dir = path.join(stateDir, 'containers');
  fs.mkdirSync(dir, { recursive: true });
  const graphRoot = path.join(dir, 'storage');
  const storageConf = path.join(dir, 'storage.conf');
  const registriesConf = path.join(dir, 'registries.conf');
  fs.writeFileSync(
    storageConf,
    [
      '[storage]',
      'driver = "vfs"',
      `runroot = ${JSON.stringify(path.join(dir, 'run'))}`,
      `graphroot = ${JSON.stringify(graphRoot)}`,
      '',
    ].join('\n'),
  );
  const registries = [
    `unqualified-search-registries = ${JSON.stringify(searchRegistries)}`,
    'short-name-mode = "permissive"',
    '',
  ];
  for (const location of insecureRegistries) {
    registries.push(
      '[[registry]]',
      `location = ${JSON.stringify(location)}`,
      'insecure = true',
      '',
    );
  }
  fs.writeFileSync(registriesConf, registries.join('\n'));
  return {
    storageConf,
    registriesConf,
    graphRoot,
    env: {
      ...process.env,
      CONTAINERS_STORAGE_CONF: storageConf,
      CONTAINERS_REGISTRIES_CONF: registriesConf,
      BUILDAH_ISOLATION: 'chroot',
      // short-name alias cache and auth files stay inside the state folder
      HOME: stateDir,
      XDG_RUNTIME_DIR: path.join(dir, 'run'),
      GIT_TERMINAL_PROMPT: '0',
    },
  };
}
