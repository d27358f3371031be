export interface Config {
  /** Cellport settings shared by every Cellport plugin. */
  cellport?: {
    /**
     * The catalog Group whose members (including members of its sub-groups) are platform admins:
     * they see and may do everything and are the only ones who see the admin view.
     * For example `group:default/platform-admins`.
     */
    platformAdminGroup?: string;
    /** Members and roles. */
    access?: {
      /**
       * How long a user's group membership, read from the catalog, is cached by the permission
       * policy, in seconds. Default 30.
       */
      groupCacheSeconds?: number;
    };
  };
}
