export interface Config {
  cellport?: {
    /** Load balancing: LB groups (Nginx clusters) and their etcd. */
    slb?: {
      /** The Nginx binary used to check admin directives with `nginx -t` (default `nginx`). */
      nginxBinary?: string;
      /** How long a drain waits for every agent to apply a removal (default 30). */
      drainTimeoutSeconds?: number;
      /** Service discovery: how long a cell may stay unreachable before its servers are marked stale (default 10). */
      staleAfterSeconds?: number;
      /** The LB groups. */
      groups?: Array<{
        /** DNS-1123 label. */
        name: string;
        /** The region whose cells the group serves. */
        region: string;
        /**
         * The virtual IP clients reach.
         * @visibility frontend
         */
        vip: string;
        /** DNS suffix: domains point at the CNAME `{name}.{cnameSuffix}`. */
        cnameSuffix: string;
        /** `public` (default) or `internal`. */
        visibility?: 'public' | 'internal';
        /** The data port of the group's Nginx hosts (default 80). */
        httpPort?: number;
        etcd: {
          /** etcd client URLs the group's agents watch. */
          endpoints: string[];
        };
      }>;
    };
  };
}
