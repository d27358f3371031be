import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  imageRepositoryPermissions,
  appPermissions,
} from '@cellport/plugin-access-common';
import {
  createCellportTestDatabases,
  recordingAuditor,
} from '@cellport/test-utils';
import { createTestAccess, userCredentials } from '../__testUtils__/fixtures';
import { AccessService } from './AccessService';

jest.setTimeout(120_000);

const alice = userCredentials('alice');
const bob = userCredentials('bob');
const subject = userCredentials('subject');
const outsider = userCredentials('outsider');

describe('AccessService members, ownership and visibility', () => {
  const databases = createCellportTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let access: AccessService;
    let auditor: ReturnType<typeof recordingAuditor>;
    let seq = 0;
    const nextApp = () => ({ kind: 'app' as const, name: `app-${++seq}` });

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      ({ access, auditor } = await createTestAccess(knex));
    });

    it('makes the creator the Owner and records the creation', async () => {
      const app = nextApp();
      const resource = await access.registerResource(alice, app);
      expect(resource.members).toEqual([
        { member: 'user:default/alice', role: 'owner' },
      ]);
      const [activity] = await access.listActivity(alice, app);
      expect(activity).toMatchObject({
        action: 'resource-created',
        actor: 'user:default/alice',
        resourceRef: `app:${app.name}`,
      });
      await expect(access.registerResource(bob, app)).rejects.toBeInstanceOf(
        ConflictError,
      );
    });

    it('lets a Master manage members but only an Owner grant or remove Owner', async () => {
      const app = nextApp();
      await access.registerResource(alice, app);
      await access.addMember(alice, app, {
        member: 'user:default/bob',
        role: 'master',
      });
      await access.addMember(bob, app, {
        member: 'user:default/subject',
        role: 'reporter',
      });
      await access.updateMember(bob, app, 'user:default/subject', {
        role: 'developer',
      });
      await expect(
        access.updateMember(bob, app, 'user:default/subject', {
          role: 'owner',
        }),
      ).rejects.toBeInstanceOf(NotAllowedError);
      await expect(
        access.removeMember(bob, app, 'user:default/alice'),
      ).rejects.toBeInstanceOf(NotAllowedError);
      await expect(
        access.addMember(bob, app, {
          member: 'group:default/org',
          role: 'owner',
        }),
      ).rejects.toBeInstanceOf(NotAllowedError);
      await expect(
        access.addMember(subject, app, {
          member: 'user:default/other',
          role: 'guest',
        }),
      ).rejects.toBeInstanceOf(NotAllowedError);
      await access.updateMember(alice, app, 'user:default/subject', {
        role: 'owner',
      });
      await access.removeMember(bob, app, 'user:default/bob');
      const members = await access.listMembers(alice, app);
      expect(members.map(m => [m.member, m.role])).toEqual([
        ['user:default/alice', 'owner'],
        ['user:default/subject', 'owner'],
      ]);
    });

    it('never removes or demotes the last Owner', async () => {
      const app = nextApp();
      await access.registerResource(alice, app);
      await expect(
        access.removeMember(alice, app, 'user:default/alice'),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(
        access.updateMember(alice, app, 'user:default/alice', {
          role: 'master',
        }),
      ).rejects.toThrow(/last Owner/);
      await access.addMember(alice, app, {
        member: 'user:default/bob',
        role: 'owner',
      });
      await access.updateMember(alice, app, 'user:default/alice', {
        role: 'master',
      });
      await expect(
        access.removeMember(bob, app, 'user:default/bob'),
      ).rejects.toBeInstanceOf(ConflictError);
    });

    it('keeps one Owner when two Owners demote each other at once', async () => {
      const app = nextApp();
      await access.registerResource(alice, app);
      await access.addMember(alice, app, {
        member: 'user:default/bob',
        role: 'owner',
      });
      const results = await Promise.allSettled([
        access.updateMember(alice, app, 'user:default/bob', { role: 'guest' }),
        access.updateMember(bob, app, 'user:default/alice', { role: 'guest' }),
      ]);
      const owners = (
        await access
          .listMembers(alice, app)
          .catch(() => access.listMembers(bob, app))
      ).filter(m => m.role === 'owner');
      expect(owners).toHaveLength(1);
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('names bad input with InputError and changes nothing', async () => {
      const app = nextApp();
      await access.registerResource(alice, app);
      const before = await access.listActivity(alice, app);
      await expect(
        access.addMember(alice, app, {
          member: 'user:default/bob',
          role: 'admin' as any,
        }),
      ).rejects.toThrow(/role must be one of owner, master/);
      await expect(
        access.addMember(alice, app, {
          member: 'user:default/nobody',
          role: 'guest',
        }),
      ).rejects.toThrow(
        new InputError(
          "Unknown member 'user:default/nobody': there is no such User or Group in the catalog",
        ),
      );
      await expect(
        access.addMember(alice, app, {
          member: 'component:default/x',
          role: 'guest',
        }),
      ).rejects.toThrow(/members must be catalog Users or Groups/);
      await expect(
        access.addMember(alice, app, { member: '', role: 'guest' }),
      ).rejects.toBeInstanceOf(InputError);
      await expect(
        access.setVisibility(alice, app, 'public'),
      ).rejects.toBeInstanceOf(InputError);
      await access.addMember(alice, app, {
        member: 'user:default/bob',
        role: 'guest',
      });
      await expect(
        access.addMember(alice, app, {
          member: 'User:default/Bob',
          role: 'master',
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(
        access.updateMember(alice, app, 'user:default/subject', {
          role: 'guest',
        }),
      ).rejects.toBeInstanceOf(NotFoundError);
      const after = await access.listActivity(alice, app);
      expect(after.length).toBe(before.length + 1);
      expect(
        auditor.events.filter(e => e.status === 'failed').length,
      ).toBeGreaterThan(0);
    });

    it('applies image-group roles to repositories; a repository role only raises them', async () => {
      await access.registerResource(alice, {
        kind: 'image-group',
        name: 'pay',
      });
      await access.addMember(
        alice,
        { kind: 'image-group', name: 'pay' },
        {
          member: 'user:default/subject',
          role: 'master',
        },
      );
      await access.addMember(
        alice,
        { kind: 'image-group', name: 'pay' },
        {
          member: 'user:default/bob',
          role: 'guest',
        },
      );
      const repo = { kind: 'image-repository' as const, name: 'pay/ledger' };
      await access.registerResource(alice, repo);
      await access.addMember(alice, repo, {
        member: 'user:default/subject',
        role: 'guest',
      });
      await access.addMember(alice, repo, {
        member: 'user:default/bob',
        role: 'developer',
      });
      // subject: group Master, repository Guest => still Master
      expect(
        await access.isAllowed(
          subject,
          imageRepositoryPermissions.tagDelete,
          repo,
        ),
      ).toBe(true);
      // bob: group Guest, repository Developer => Developer
      expect(
        await access.isAllowed(bob, imageRepositoryPermissions.push, repo),
      ).toBe(true);
      expect(
        await access.isAllowed(bob, imageRepositoryPermissions.tagDelete, repo),
      ).toBe(false);
      const members = await access.listMembers(bob, repo);
      expect(
        members.map(m => [m.member, m.role, m.inheritedFrom ?? null]),
      ).toEqual([
        ['user:default/alice', 'owner', null],
        ['user:default/bob', 'developer', null],
        ['user:default/subject', 'guest', null],
        ['user:default/alice', 'owner', 'image-group:pay'],
        ['user:default/subject', 'master', 'image-group:pay'],
        ['user:default/bob', 'guest', 'image-group:pay'],
      ]);
    });

    it('lets anyone see and pull a public repository, and only its Owner change that', async () => {
      const repo = { kind: 'image-repository' as const, name: 'open/tools' };
      await access.registerResource(alice, repo);
      await access.addMember(alice, repo, {
        member: 'user:default/bob',
        role: 'master',
      });
      await expect(
        access.authorize(outsider, imageRepositoryPermissions.pull, repo),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        access.setVisibility(bob, repo, 'public'),
      ).rejects.toBeInstanceOf(NotAllowedError);
      await access.setVisibility(alice, repo, 'public');
      await access.authorize(outsider, imageRepositoryPermissions.read, repo);
      await access.authorize(outsider, imageRepositoryPermissions.pull, repo);
      await expect(
        access.authorize(outsider, imageRepositoryPermissions.push, repo),
      ).rejects.toBeInstanceOf(NotAllowedError);
      expect(
        (await access.listResources(outsider, 'image-repository')).map(
          r => r.name,
        ),
      ).toEqual(['open/tools']);
      await expect(
        access.setVisibility(alice, repo, 'secret' as any),
      ).rejects.toBeInstanceOf(InputError);
      const [latest] = await access.listActivity(alice, repo);
      expect(latest).toMatchObject({
        action: 'visibility-changed',
        details: { visibility: 'public', previousVisibility: 'private' },
      });
      expect(auditor.events).toContainEqual(
        expect.objectContaining({
          eventId: 'visibility-change',
          status: 'succeeded',
        }),
      );
    });

    it('transfers ownership: the new Owner is the only Owner, former Owners become Masters', async () => {
      const app = nextApp();
      await access.registerResource(alice, app);
      await expect(
        access.transferOwnership(alice, app, 'user:default/ghost'),
      ).rejects.toBeInstanceOf(InputError);
      const members = await access.transferOwnership(
        alice,
        app,
        'group:default/team',
      );
      expect(members.map(m => [m.member, m.role])).toEqual([
        ['group:default/team', 'owner'],
        ['user:default/alice', 'master'],
      ]);
      // subject is in team, which now owns the app
      await access.authorize(subject, appPermissions.delete, app);
      await expect(
        access.authorize(alice, appPermissions.delete, app),
      ).rejects.toBeInstanceOf(NotAllowedError);
      const [latest] = await access.listActivity(subject, app);
      expect(latest).toMatchObject({
        action: 'ownership-transferred',
        actor: 'user:default/alice',
        details: { newOwner: 'group:default/team' },
      });
    });

    it('forgets an unregistered resource', async () => {
      const app = nextApp();
      await access.registerResource(alice, app);
      expect(await access.unregisterResource(alice, app)).toBe(true);
      await expect(access.listMembers(alice, app)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });
});
