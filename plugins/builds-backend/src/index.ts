/**
 * The Cellport builds backend plugin.
 *
 * @packageDocumentation
 */
export { buildsPlugin as default } from './plugin';
