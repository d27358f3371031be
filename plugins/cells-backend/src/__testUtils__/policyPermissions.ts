// The Cellport policy as a permissions service, shared by every Cellport test (kept here so that
// the plugin's tests and benchmarks import it from one place).
export {
  policyPermissions,
  policyPermissionsFactory,
} from '@cellport/test-utils';
