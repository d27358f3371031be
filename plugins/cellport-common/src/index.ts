/**
 * Names shared by every Cellport plugin.
 *
 * @packageDocumentation
 */
export * from './annotations';
