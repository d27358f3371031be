import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  addMemberRequestSchema,
  commonAccessPermissions,
  MemberListResponse,
  ResourceKind,
  transferRequestSchema,
  updateMemberRequestSchema,
  visibilityRequestSchema,
  ActivityListResponse,
} from '@cellport/plugin-access-common';
import { PageRequest, parsePageQuery } from '@cellport/common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AccessService } from '../service/AccessService';
import { parseInput } from '../service/parseInput';
import { jsonBody } from './jsonBody';

/**
 * Options of {@link createAccessRouter}.
 *
 * @public
 */
export type AccessRouterOptions = {
  /** The plugin's access service. */
  access: AccessService;
  /** The plugin's `coreServices.httpAuth`. */
  httpAuth: HttpAuthService;
  /** The kind of resource under whose routes the router is mounted. */
  kind: ResourceKind;
  /**
   * The resource name from the request; default `req.params.name`. For image repositories
   * mounted at `/repositories/:group/:repo`, return `` `${req.params.group}/${req.params.repo}` ``.
   */
  resourceName?: (req: Request) => string;
};

const activityQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.coerce.number().int().min(1).optional(),
});

/**
 * The members, ownership, visibility and activity endpoints of one resource, to mount under the
 * resource's own route (with `mergeParams`, so the resource name is read from the parent route):
 *
 * - `GET /members?limit&cursor`: a page of direct and inherited members by member reference,
 *   `{ items, nextCursor? }` (Guest)
 * - `POST /members` `{ member, role }`: add a member (Master; Owner to add an Owner)
 * - `PUT /members/:member` `{ role }`: change a role (Master; Owner when Owner is involved)
 * - `DELETE /members/:member`: remove a member (Master; Owner to remove an Owner)
 * - `POST /transfer` `{ newOwner }`: transfer ownership (Owner)
 * - `PUT /visibility` `{ visibility }`: image groups and repositories only (Owner)
 * - `GET /activity?limit&before`: the activity feed (Reporter)
 *
 * `:member` is a URL-encoded entity reference (`user%3Adefault%2Fbob`). Bodies are validated
 * (400 naming the problem, nothing changed), but only once the caller is known to see the resource:
 * a non-member gets 404 whatever the body. Callers must be signed-in users or services.
 *
 * @public
 */
export function createAccessRouter(
  options: AccessRouterOptions,
): express.Router {
  const { access, httpAuth, kind } = options;
  const nameOf = options.resourceName ?? ((req: Request) => req.params.name);
  const router = Router({ mergeParams: true });
  router.use(jsonBody());

  const context = async (req: Request) => {
    const credentials: BackstageCredentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    return { credentials, ref: { kind, name: nameOf(req) } };
  };
  /**
   * The context of a change, once the caller is known to see the resource: a non-member gets the
   * 404 before anything about the request body, so a bad body tells them nothing either.
   */
  const visibleContext = async (req: Request) => {
    const ctx = await context(req);
    await access.authorize(
      ctx.credentials,
      commonAccessPermissions[kind].read,
      ctx.ref,
    );
    return ctx;
  };

  router.get('/members', async (req, res) => {
    const { credentials, ref } = await context(req);
    let request: PageRequest;
    try {
      request = parsePageQuery(req.query, 2);
    } catch (error) {
      // a non-member gets the 404 first: a bad cursor tells them nothing either
      await visibleContext(req);
      throw error;
    }
    const body: MemberListResponse = await access.listMembersPage(
      credentials,
      ref,
      request,
    );
    res.json(body);
  });

  router.post('/members', async (req, res) => {
    const { credentials, ref } = await visibleContext(req);
    const body = parseInput(addMemberRequestSchema, req.body);
    res
      .status(201)
      .json(await access.addMember(credentials, ref, body, { request: req }));
  });

  router.put('/members/:member', async (req, res) => {
    const { credentials, ref } = await visibleContext(req);
    const body = parseInput(updateMemberRequestSchema, req.body);
    res.json(
      await access.updateMember(credentials, ref, req.params.member, body, {
        request: req,
      }),
    );
  });

  router.delete('/members/:member', async (req, res) => {
    const { credentials, ref } = await context(req);
    await access.removeMember(credentials, ref, req.params.member, {
      request: req,
    });
    res.status(204).end();
  });

  router.post('/transfer', async (req, res) => {
    const { credentials, ref } = await visibleContext(req);
    const body = parseInput(transferRequestSchema, req.body);
    const items = await access.transferOwnership(
      credentials,
      ref,
      body.newOwner,
      { request: req },
    );
    const response: MemberListResponse = { items };
    res.json(response);
  });

  router.put('/visibility', async (req, res) => {
    const { credentials, ref } = await visibleContext(req);
    const body = parseInput(visibilityRequestSchema, req.body);
    await access.setVisibility(credentials, ref, body.visibility, {
      request: req,
    });
    res.json(body);
  });

  router.get('/activity', async (req, res) => {
    const { credentials, ref } = await context(req);
    const query = parseInput(activityQuerySchema, req.query);
    const response: ActivityListResponse = {
      items: await access.listActivity(credentials, ref, query),
    };
    res.json(response);
  });

  return router;
}
