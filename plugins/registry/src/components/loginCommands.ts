/** The container tools a registry user logs in with. */
export const REGISTRY_TOOLS = ['docker', 'podman', 'skopeo', 'buildah'] as const;

/** One of {@link REGISTRY_TOOLS}. */
export type RegistryTool = (typeof REGISTRY_TOOLS)[number];

/**
 * Whether the registry host is on this machine (loopback): the local development registry,
 * served over plain HTTP.
 */
export function isLoopbackHost(host: string): boolean {
  return /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d+)?$/i.test(
    host,
  );
}

/** The registry user name of a user entity ref: `user:default/alice` → `alice`. */
export function registryUsername(userEntityRef: string): string {
  const name = userEntityRef.slice(userEntityRef.indexOf(':') + 1);
  return name.startsWith('default/') ? name.slice('default/'.length) : name;
}

/**
 * The login line of a tool; the token is read from stdin. For a plain-HTTP registry the
 * containers tools (podman, skopeo, buildah) need `--tls-verify=false`; docker reads its trust
 * from the daemon's configuration instead (see {@link trustPlainHttp}).
 */
export function loginCommand(
  tool: RegistryTool,
  host: string,
  username: string,
  plainHttp: boolean,
): string {
  const tls = plainHttp && tool !== 'docker' ? ' --tls-verify=false' : '';
  // options before the host: skopeo takes no option after its argument
  return `${tool} login${tls} -u ${username} --password-stdin ${host}`;
}

/** The same as {@link loginCommand}, with the token piped in from a shell variable. */
export function pipedLoginCommand(
  tool: RegistryTool,
  host: string,
  username: string,
  plainHttp: boolean,
): string {
  return `printf '%s' "$CELLPORT_TOKEN" | ${loginCommand(
    tool,
    host,
    username,
    plainHttp,
  )}`;
}

/** How each tool trusts a registry served over plain HTTP, once per machine. */
export function trustPlainHttp(host: string): Array<{
  tools: string;
  file: string;
  content: string;
  note: string;
}> {
  return [
    {
      tools: 'docker',
      file: '/etc/docker/daemon.json',
      content: JSON.stringify({ 'insecure-registries': [host] }, null, 2),
      note: 'then restart the daemon (sudo systemctl restart docker). Docker already trusts registries on 127.0.0.0/8.',
    },
    {
      tools: 'podman, skopeo, buildah',
      file: '/etc/containers/registries.conf.d/cellport.conf',
      content: `[[registry]]\nlocation = "${host}"\ninsecure = true`,
      note: 'or pass --tls-verify=false to each command (skopeo copy: --src-tls-verify=false / --dest-tls-verify=false).',
    },
  ];
}
