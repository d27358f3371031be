import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseInput } from '@cellport/plugin-access-node';
import {
  createAppRequestSchema,
  createVersionRequestSchema,
  scaleRequestSchema,
  updateAppRequestSchema,
} from '@cellport/plugin-cells-common';
import { AppService } from '../AppService';
import { AppViews, podLogQuerySchema } from '../AppViews';

/**
 * The app services as the routes call them: each body parsed by its request schema first (the
 * same `parseInput` the routes use), so a service test can send raw bodies and see the 400 a
 * caller gets. The router test covers the OpenAPI validation in front of this.
 */
export function appsAtTheEdge(apps: AppService) {
  return {
    listApps: apps.listApps.bind(apps),
    getApp: apps.getApp.bind(apps),
    deleteApp: apps.deleteApp.bind(apps),
    createApp: async (
      credentials: BackstageCredentials,
      body: unknown,
      options?: Parameters<AppService['createApp']>[2],
    ) =>
      apps.createApp(
        credentials,
        parseInput(createAppRequestSchema, body),
        options,
      ),
    updateApp: async (credentials: BackstageCredentials, app: string, body: unknown) =>
      apps.updateApp(credentials, app, parseInput(updateAppRequestSchema, body)),
    listVersions: apps.versions.list.bind(apps.versions),
    removeVersion: apps.versions.remove.bind(apps.versions),
    createVersion: async (
      credentials: BackstageCredentials,
      app: string,
      body: unknown,
    ) =>
      apps.versions.create(
        credentials,
        app,
        parseInput(createVersionRequestSchema, body),
      ),
    scaleVersion: async (
      credentials: BackstageCredentials,
      app: string,
      version: string,
      body: unknown,
    ) =>
      apps.scaling.scale(
        credentials,
        app,
        version,
        parseInput(scaleRequestSchema, body),
      ),
  };
}

/** {@link AppViews} with the pod log query parsed as its route does. */
export function viewsAtTheEdge(views: AppViews) {
  return {
    overview: views.overview.bind(views),
    events: views.events.bind(views),
    permissions: views.permissions.bind(views),
    streamPodLog: async (
      ...[credentials, app, cell, pod, query, out]: [
        BackstageCredentials,
        string,
        string,
        string,
        unknown,
        NodeJS.WritableStream & import('node:stream').Writable,
      ]
    ) =>
      views.streamPodLog(
        credentials,
        app,
        cell,
        pod,
        parseInput(podLogQuerySchema, query),
        out,
      ),
  };
}
