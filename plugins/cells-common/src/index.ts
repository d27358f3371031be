/**
 * Types shared by the Cellport cells frontend and backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './quantity';
