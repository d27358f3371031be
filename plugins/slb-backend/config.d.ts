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
      /**
       * Cell evacuation (platform admins; `/evacuations`). Automatic evacuation is off unless
       * `unreachableAfterSeconds` is set: a cell the portal cannot reach may still serve users
       * (the partition may be the portal's), so only an operator should opt in.
       */
      evacuation?: {
        /**
         * Evacuate a cell automatically once it has been unreachable this long (never the last
         * cell of a region that could serve). Off when absent or 0.
         */
        unreachableAfterSeconds?: number;
        /** How long the other cells' new replicas may take to become Ready (default 180). */
        readyTimeoutSeconds?: number;
        /** How long each change may take to reach every live agent (default 30). */
        applyTimeoutSeconds?: number;
        /** How long each un-evacuation weight step (10, 25, 50 %) holds (default 10). */
        rampStepSeconds?: number;
        /** How long a step may keep failing (etcd or the cells backend away) before the evacuation fails (default 300). */
        errorTimeoutSeconds?: number;
      };
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
