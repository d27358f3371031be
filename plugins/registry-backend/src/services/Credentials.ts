import crypto from 'node:crypto';
import { AuthenticationError, InputError, NotFoundError } from '@backstage/errors';
import {
  CreatedPersonalAccessToken,
  CreatedRobotAccount,
  ROBOT_USERNAME_PREFIX,
  RobotScope,
} from '@cellport/plugin-registry-common';
import { RegistryStore } from '../database/RegistryStore';
import type { RegistrySubject } from './RegistryAccess';
import { TokenUseRecorder } from './TokenUseRecorder';

const TOKEN_PREFIX = 'cpat_';
const ROBOT_PREFIX = 'cprb_';

function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The user name of a user entity ref: `user:default/alice` -> `alice`. */
export function usernameOf(userRef: string): string {
  const name = userRef.slice(userRef.indexOf(':') + 1);
  return name.startsWith('default/') ? name.slice('default/'.length) : name;
}

/** The user entity ref of a registry user name: `alice` -> `user:default/alice`. */
export function userRefOf(username: string): string {
  const lower = username.toLowerCase();
  return lower.includes('/') ? `user:${lower}` : `user:default/${lower}`;
}

/**
 * Personal access tokens and robot secrets: creation (shown once, stored hashed) and the HTTP
 * Basic check of the token endpoint.
 *
 * @public
 */
export class Credentials {
  static create(deps: {
    store: RegistryStore;
    maxLifetimeDays: number;
    /** Records token uses off the request path; default: written to `store` every 5 s. */
    uses?: TokenUseRecorder;
  }) {
    const uses =
      deps.uses ??
      new TokenUseRecorder({ touch: ids => deps.store.tokens.touchTokens(ids) });
    return new Credentials(deps.store, deps.maxLifetimeDays, uses);
  }

  private constructor(
    private readonly store: RegistryStore,
    private readonly maxLifetimeDays: number,
    /** When personal access tokens were last used (`lastUsedAt`). */
    readonly uses: TokenUseRecorder,
  ) {}

  async createToken(
    userRef: string,
    name: string,
    expiresInDays: number,
  ): Promise<CreatedPersonalAccessToken> {
    if (expiresInDays > this.maxLifetimeDays) {
      throw new InputError(
        `expiresInDays must be at most ${this.maxLifetimeDays}`,
      );
    }
    const token = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
    const created = await this.store.tokens.createToken({
      id: crypto.randomUUID(),
      user: userRef,
      name,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + expiresInDays * 86_400_000),
    });
    return { ...created, token, username: usernameOf(userRef) };
  }

  async createRobot(input: {
    group: string;
    name: string;
    scopes: RobotScope[];
    actor: string;
    /** The user whose rights bound the robot's (robots a service makes for a user). */
    onBehalfOf?: string;
    /** Days until the robot stops working (at most the longest token lifetime); never when absent. */
    expiresInDays?: number;
  }): Promise<CreatedRobotAccount> {
    const { expiresInDays, ...rest } = input;
    if (expiresInDays !== undefined && expiresInDays > this.maxLifetimeDays) {
      throw new InputError(
        `expiresInDays must be at most ${this.maxLifetimeDays}`,
      );
    }
    const secret = ROBOT_PREFIX + crypto.randomBytes(32).toString('base64url');
    const robot = await this.store.robots.createRobot({
      ...rest,
      secretHash: sha256(secret),
      ...(expiresInDays !== undefined
        ? { expiresAt: new Date(Date.now() + expiresInDays * 86_400_000) }
        : {}),
    });
    return { ...robot, secret };
  }

  /**
   * The subject of an `Authorization` header of the token endpoint: anonymous without one,
   * a user with a valid personal access token, or a robot with its secret.
   *
   * @throws AuthenticationError on unknown or bad credentials.
   */
  async authenticate(authorization: string | undefined): Promise<RegistrySubject> {
    if (!authorization) {
      return { type: 'anonymous' };
    }
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization.trim());
    if (!match) {
      throw new AuthenticationError(
        'use HTTP Basic with your user name and a personal access token',
      );
    }
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new AuthenticationError('malformed HTTP Basic credentials');
    }
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    if (username.length > 255 || password.length > 255) {
      throw new AuthenticationError('invalid username or password');
    }
    if (username.startsWith(ROBOT_USERNAME_PREFIX)) {
      const rest = username.slice(ROBOT_USERNAME_PREFIX.length);
      const plus = rest.indexOf('+');
      const robot =
        plus > 0
          ? await this.store.robots.getRobot(rest.slice(0, plus), rest.slice(plus + 1))
          : undefined;
      if (
        !robot ||
        !safeEqual(robot.secretHash, sha256(password)) ||
        (robot.expiresAt && new Date(robot.expiresAt).getTime() <= Date.now())
      ) {
        throw new AuthenticationError('invalid username or password');
      }
      return {
        type: 'robot',
        group: robot.group,
        name: robot.name,
        scopes: robot.scopes,
        ...(robot.onBehalfOf ? { onBehalfOf: robot.onBehalfOf } : {}),
      };
    }
    const stored = password.startsWith(TOKEN_PREFIX)
      ? await this.store.tokens.findTokenByHash(sha256(password))
      : undefined;
    const userRef = userRefOf(username);
    if (
      !stored ||
      stored.user !== userRef ||
      stored.revokedAt ||
      new Date(stored.expiresAt).getTime() <= Date.now()
    ) {
      throw new AuthenticationError('invalid username or password');
    }
    this.uses.record(stored.id);
    return { type: 'user', userRef, username: usernameOf(userRef) };
  }

  async revokeToken(userRef: string, id: string): Promise<void> {
    if (!(await this.store.tokens.revokeToken(userRef, id))) {
      throw new NotFoundError(`personal access token '${id}' not found`);
    }
  }
}
