export interface Config {
  cellport?: {
    /** The Cellport observability plugin. */
    observability?: {
      prometheus?: {
        /** Prometheus base URL; default `cellport.cells.prometheus.baseUrl`. */
        baseUrl?: string;
        /** How long one query may take; default 10. */
        timeoutSeconds?: number;
      };
      skywalking?: {
        /** The OAP's query base URL (its GraphQL endpoint is `<baseUrl>/graphql`), e.g. http://oap:12800. */
        baseUrl?: string;
      };
      /** How long a dashboard answer is reused, in seconds; default 10. */
      cacheSeconds?: number;
      alerts?: {
        /**
         * The folder Prometheus loads rule files from (its `rule_files` glob must match `*.yml` in
         * it); the plugin writes one `cellport-app-<app>.yml` per app there and reloads Prometheus.
         */
        rulesDir?: string;
        /** The promtool binary that checks rules before they are stored; default `promtool`. */
        promtool?: string;
        /**
         * The shared secret Alertmanager sends as a bearer token to the webhook.
         * @visibility secret
         */
        webhookSecret?: string;
        /** A file holding the webhook secret, instead of `webhookSecret`. */
        webhookSecretFile?: string;
        /** How often every replica rewrites the rule files from the database; default 60 s. */
        syncIntervalSeconds?: number;
      };
    };
  };
}
