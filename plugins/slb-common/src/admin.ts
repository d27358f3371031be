/**
 * What the slb plugin's admin route answers: `GET /admin/special-configs` (platform admins only).
 */

/**
 * One domain's special configuration: its extra Nginx directives, who set them and when.
 *
 * @public
 */
export type SpecialConfig = {
  domain: string;
  group: string;
  region: string;
  app: string;
  directives: string;
  /** The user entity ref who set them (absent for directives set before this was recorded). */
  setBy?: string;
  /** When they were set (the domain's last update when not recorded). */
  setAt?: string;
};

/**
 * The special configuration across LB groups; a group whose etcd could not be read is in `errors`.
 *
 * @public
 */
export type SpecialConfigsReport = {
  items: SpecialConfig[];
  errors: Array<{ group: string; error: string }>;
};
