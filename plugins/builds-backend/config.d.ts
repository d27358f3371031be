export interface Config {
  /** The Cellport builds plugin. */
  builds?: {
    /**
     * Key that encrypts secret build args and webhook secrets at rest (at least 16 characters).
     * Changing it makes the stored secrets unreadable.
     * @visibility secret
     */
    secretKey: string;
    /** The etcd cluster the build agents register in. */
    etcd: {
      /** Client URLs, e.g. http://127.0.0.1:23790. */
      endpoints: string[];
      /** Key prefix of the builds protocol; default /builds. */
      prefix?: string;
    };
    /**
     * Registry agents push to: `host[:port]` as in image references. Defaults to `registry.host`,
     * else the host of `registry.url`.
     */
    registryHost?: string;
    /** Whether agents reach the registry over plain HTTP; default: `registry.url` is http. */
    registryInsecure?: boolean;
    /** Attempts per build (a build whose agent died is retried on the next agent); default 2. */
    maxAttempts?: number;
    /** A build running longer fails; default 60. */
    maxBuildMinutes?: number;
  };
}
