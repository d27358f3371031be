/**
 * Names shared by every Cellport plugin, and the client every frontend uses for a plugin's
 * OpenAPI document.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './openapiClient';
export * from './pagination';
export * from './recordingFetch';
