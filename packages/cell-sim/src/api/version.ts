/**
 * The Kubernetes version a simulated cell follows. A cell behaves like a v1.26 kube-apiserver
 * unless a newer version is configured; newer behaviour is switched on only by the version that
 * introduced it (feature detection in clients keeps working against either).
 */

/** The version a cell follows when none is configured: the floor Cellport supports. */
export const DEFAULT_KUBERNETES_VERSION = 'v1.26.15';

/** A parsed `vMAJOR.MINOR.PATCH` version with the behaviours that depend on it. */
export interface KubeVersion {
  major: number;
  minor: number;
  patch: number;
  /** As configured, e.g. `v1.26.15`. */
  gitVersion: string;
}

/** Parses `v1.26.15` (or `1.26`, `v1.27.0`); throws with a clear message for anything else. */
export function parseKubeVersion(text: string | undefined): KubeVersion {
  const value = (text ?? DEFAULT_KUBERNETES_VERSION).trim();
  const m = value.match(/^v?(\d+)\.(\d+)(?:\.(\d+))?$/);
  if (!m) throw new Error(`Kubernetes version "${value}" must look like v1.26.15`);
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (major !== 1 || minor < 26) {
    throw new Error(`Kubernetes version "${value}" is not supported: the simulated cells follow v1.26 or newer`);
  }
  return { major, minor, patch, gitVersion: `v${major}.${minor}.${patch}` };
}

/** Whether the version is at least `1.<minor>`. */
export function atLeast(v: KubeVersion, minor: number): boolean {
  return v.minor >= minor;
}

/**
 * Watch lists (`sendInitialEvents` with the `k8s.io/initial-events-end` bookmark): unknown to
 * v1.26 (its ListOptions have no such field), alpha in v1.27. The simulator offers them from
 * v1.27 on, as an apiserver with the WatchList feature gate enabled would.
 */
export function supportsWatchList(v: KubeVersion): boolean {
  return atLeast(v, 27);
}

/** The `/version` body of a kube-apiserver of this version. */
export function versionInfo(v: KubeVersion): Record<string, string> {
  const goVersions: Record<number, string> = { 26: 'go1.21.9', 27: 'go1.21.13', 28: 'go1.22.5', 29: 'go1.22.5', 30: 'go1.22.5' };
  return {
    major: String(v.major),
    minor: String(v.minor),
    gitVersion: v.gitVersion,
    gitCommit: 'cellport-sim',
    gitTreeState: 'clean',
    buildDate: '2024-03-14T00:00:00Z',
    goVersion: goVersions[v.minor] ?? 'go1.22.5',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
