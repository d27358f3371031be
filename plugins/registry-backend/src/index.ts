/**
 * The Cellport registry backend plugin.
 *
 * @packageDocumentation
 */
export { registryPlugin as default } from './plugin';
