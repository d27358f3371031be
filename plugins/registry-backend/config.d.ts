export interface Config {
  /** The Cellport registry plugin: the Docker registry it issues tokens for and drives. */
  registry?: {
    /**
     * Base URL of the registry's HTTP API, e.g. http://127.0.0.1:5050.
     */
    url: string;
    /**
     * The host clients use in image references (`docker login <host>`). Defaults to the host of `url`.
     * @visibility frontend
     */
    host?: string;
    /** The registry's `auth.token.service`; default `cellport-registry`. */
    service?: string;
    /** The registry's `auth.token.issuer`; default `cellport-token-issuer`. */
    issuer?: string;
    /** PEM file of the RSA private key that signs tokens (relative to the backend's working directory). */
    tokenKeyFile: string;
    /** PEM file of the certificate the registry trusts (`auth.token.rootcertbundle`). */
    tokenCertFile: string;
    /** File holding the bearer secret of the registry's notification webhook. */
    webhookSecretFile?: string;
    /**
     * The webhook secret itself, instead of `webhookSecretFile`.
     * @visibility secret
     */
    webhookSecret?: string;
    /**
     * Lifetime of registry tokens in seconds, 60 to 300; default 60. A revoked personal access
     * token, a removed member or a robot whose user lost the right keeps what a token already
     * granted for at most this long plus the registry's 60 s clock leeway.
     */
    tokenTtlSeconds?: number;
    /** Longest lifetime of a personal access token in days; default 365. */
    maxTokenLifetimeDays?: number;
    /**
     * How long the token endpoint trusts that a user is still in the catalog, in seconds;
     * default 30. A user removed from the catalog is refused (with their tokens and the robots
     * made for them) within this time.
     */
    userCacheSeconds?: number;
    /**
     * Failed token attempts allowed per user name and per client IP within the window before
     * 429 with Retry-After (counted in memory, per replica).
     */
    failedTokenAttempts?: {
      /** Per user name; default 10. */
      max?: number;
      /** Per client IP; default 100. */
      maxPerIp?: number;
      /** Default 300. */
      windowSeconds?: number;
    };
    /**
     * Plugins whose service principals may manage their own pull-only robots (image pull
     * secrets); default `['cells']`.
     */
    robotServicePlugins?: string[];
  };
}
