export interface Config {
  cellport?: {
    cells?: {
      /** Seconds between two health checks of every cell. Default 15. */
      checkIntervalSeconds?: number;
      /** Seconds a health check of one cell may take before the cell counts as unreachable. Default 5. */
      checkTimeoutSeconds?: number;
      /** Regions and their cells (Kubernetes clusters). A region has at least two cells in production. */
      regions?: Array<{
        /** Region name, e.g. `bj`. */
        name: string;
        cells: Array<{
          /** Cell name, unique across regions, e.g. `bj-1`. */
          name: string;
          /** API server URL; not needed with `kubeconfigFile`. */
          apiUrl?: string;
          /**
           * Service-account bearer token.
           * @visibility secret
           */
          token?: string;
          /** PEM CA bundle of the API server, inline. */
          caData?: string;
          /** PEM CA bundle of the API server, as a file path. */
          caFile?: string;
          /** Skips TLS verification; only honoured when set explicitly. */
          skipTLSVerify?: boolean;
          /** A kubeconfig file to take the cluster and credentials from instead. */
          kubeconfigFile?: string;
          /** The kubeconfig context to use (default: the file's current context). */
          kubeconfigContext?: string;
          /** Marks a simulated cell (development and tests); the portal shows it as simulated. */
          simulated?: boolean;
        }>;
      }>;
    };
  };
}
