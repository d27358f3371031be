export interface Config {
  cellport?: {
    cells?: {
      /** Seconds between two health checks of every cell. Default 15. */
      checkIntervalSeconds?: number;
      /** Seconds a health check of one cell may take before the cell counts as unreachable. Default 5. */
      checkTimeoutSeconds?: number;
      /** Seconds any Kubernetes request of the apps API may take. Default 15. */
      requestTimeoutSeconds?: number;
      /** Seconds a scale-down waits for leaving pods to leave the Service's endpoints. Default 60. */
      drainTimeoutSeconds?: number;
      /** Seconds one cell may take to answer an app view before it is shown as unreachable. Default 5. */
      viewTimeoutSeconds?: number;
      /**
       * Seconds a caller allowed to view an app's overview is not asked again (bursts and polling
       * cost one permission decision). A member who loses access gets 404 from the overview within
       * this time. Default 5; 0 decides every view.
       */
      viewAccessCacheSeconds?: number;
      /** The Prometheus that release metric gates query (source `prometheus`). */
      prometheus?: {
        /** Base URL, e.g. `http://prometheus.monitoring:9090`. */
        baseUrl?: string;
        /** Seconds one gate query may take. Default 10. */
        timeoutSeconds?: number;
      };
      /** How releases are driven. */
      releases?: {
        /** Milliseconds between two ticks of the release driver. Default 1000. */
        tickIntervalMs?: number;
        /** Seconds a replica's lease on a release lasts unless renewed. Default 15. */
        leaseSeconds?: number;
        /** The most releases one replica drives at once. Default 50. */
        maxReleasesPerDriver?: number;
      };
      /** Regions and their cells (Kubernetes clusters). A region has at least two cells in production. */
      regions?: Array<{
        /** Region name, e.g. `bj`. */
        name: string;
        /** The region's Prometheus, overriding `prometheus.baseUrl` for its cells' gates. */
        prometheusUrl?: string;
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
