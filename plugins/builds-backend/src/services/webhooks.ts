import crypto from 'node:crypto';
import type { PushEvent as GitHubPushEvent } from '@octokit/webhooks-types';
import { WebhookPlatform } from '@cellport/plugin-builds-common';
import { z } from 'zod';

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

const hmac = (secret: string, body: Buffer) =>
  crypto.createHmac('sha256', secret).update(body).digest('hex');

/**
 * Checks a webhook's signature as its platform signs it: GitLab sends the secret itself in
 * `X-Gitlab-Token`; GitHub an HMAC-SHA256 of the body in `X-Hub-Signature-256` (`sha256=<hex>`);
 * Gitea the same HMAC in `X-Gitea-Signature` (bare hex). Returns why it fails, or `undefined`.
 *
 * @public
 */
export function checkWebhookSignature(
  platform: WebhookPlatform,
  headers: Headers,
  body: Buffer,
  secret: string,
): string | undefined {
  switch (platform) {
    case 'gitlab': {
      const token = header(headers, 'x-gitlab-token');
      if (!token) return 'missing X-Gitlab-Token header';
      return safeEqual(token, secret) ? undefined : 'wrong X-Gitlab-Token';
    }
    case 'github': {
      const signature = header(headers, 'x-hub-signature-256');
      if (!signature) return 'missing X-Hub-Signature-256 header';
      return safeEqual(signature, `sha256=${hmac(secret, body)}`)
        ? undefined
        : 'X-Hub-Signature-256 does not match the body';
    }
    case 'gitea': {
      const signature = header(headers, 'x-gitea-signature');
      if (!signature) return 'missing X-Gitea-Signature header';
      return safeEqual(signature, hmac(secret, body))
        ? undefined
        : 'X-Gitea-Signature does not match the body';
    }
    default:
      return 'unknown platform';
  }
}

/**
 * A push as the three platforms describe it, reduced to what a build needs.
 *
 * @public
 */
export type PushNotice = {
  kind: 'push';
  /** `refs/heads/main`. */
  ref: string;
  /** The pushed commit; all zeros for a deleted branch. */
  after: string;
  pusher?: string;
  /** Unique per delivery (retries included), for replay protection. */
  deliveryId: string;
};

// the fields a build needs, shared by GitLab's Push Hook and GitHub's/Gitea's push payloads
const pushPayloadSchema = z.object({
  ref: z.string().min(1),
  after: z.string().regex(/^[0-9a-f]{40}$/, 'after must be a commit SHA'),
  user_username: z.string().optional(),
  pusher: z
    .object({
      name: z.string().optional(),
      login: z.string().optional(),
      username: z.string().optional(),
    })
    .optional(),
});

/**
 * Reads a push event of a platform, or tells which other event it is.
 *
 * @throws Error with a message naming the problem when a push payload lacks what a build needs.
 * @public
 */
export function readPushEvent(
  platform: WebhookPlatform,
  headers: Headers,
  body: unknown,
): PushNotice | { kind: 'other'; event: string } {
  const event =
    {
      gitlab: header(headers, 'x-gitlab-event'),
      github: header(headers, 'x-github-event'),
      gitea: header(headers, 'x-gitea-event'),
    }[platform] ?? '';
  const isPush =
    platform === 'gitlab' ? event === 'Push Hook' : event === 'push';
  if (!isPush) {
    return { kind: 'other', event: event || 'unknown' };
  }
  const parsed = pushPayloadSchema.safeParse(body);
  if (!parsed.success) {
    throw new Error(
      `not a ${platform} push payload: ${parsed.error.issues
        .map(i => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  const payload = parsed.data;
  const pusher =
    platform === 'gitlab'
      ? payload.user_username
      : (
          payload.pusher as GitHubPushEvent['pusher'] & {
            login?: string;
            username?: string;
          }
        )?.name ??
        payload.pusher?.login ??
        payload.pusher?.username;
  const delivery =
    platform === 'gitlab'
      ? header(headers, 'idempotency-key') ??
        header(headers, 'x-gitlab-event-uuid')
      : header(
          headers,
          platform === 'github' ? 'x-github-delivery' : 'x-gitea-delivery',
        );
  return {
    kind: 'push',
    ref: payload.ref,
    after: payload.after,
    pusher,
    // without a delivery id a replay is recognized by what it pushed
    deliveryId: delivery
      ? `${platform}:${delivery}`
      : `${platform}:push:${payload.ref}:${payload.after}`,
  };
}
