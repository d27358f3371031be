import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  comparePageKeys,
  decodeCursor,
  pageOfSorted,
} from '@cellport/common';
import { Member, Role } from '@cellport/plugin-access-common';
import {
  MembersApi,
  membersApiRef,
  MembersTarget,
} from '../../api/MembersApi';
import { MembersPanel } from './MembersPanel';

function member(ref: string, role: Role, inheritedFrom?: string): Member {
  return {
    resourceRef: 'image-repository:pay/ledger',
    member: ref,
    role,
    ...(inheritedFrom ? { inheritedFrom } : {}),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

function fakeMembersApi(): jest.Mocked<MembersApi> & { members: Member[] } {
  const members = [
    member('user:default/alice', 'owner'),
    member('user:default/bob', 'reporter'),
    member('group:default/platform', 'master', 'image-group:pay'),
  ];
  return {
    members,
    listMembers: jest.fn(async (_target: MembersTarget) => [...members]),
    // pages as the server makes them: by member reference, `limit` at a time
    listMembersPage: jest.fn(async (_target: MembersTarget, options = {}) => {
      const key = (m: Member) => [m.member, m.inheritedFrom ?? ''];
      const sorted = [...members].sort((a, b) => comparePageKeys(key(a), key(b)));
      return pageOfSorted(
        sorted,
        {
          limit: options.limit ?? 100,
          ...(options.cursor ? { after: decodeCursor(options.cursor, 2) } : {}),
        },
        key,
      );
    }),
    addMember: jest.fn(async (_t, ref, role) => {
      const added = member(ref, role);
      members.push(added);
      return added;
    }),
    updateMember: jest.fn(async (_t, ref, role) => {
      const found = members.find(m => m.member === ref)!;
      found.role = role;
      return found;
    }),
    removeMember: jest.fn(async (_t, ref) => {
      members.splice(
        members.findIndex(m => m.member === ref),
        1,
      );
    }),
  };
}

/** Allows the named permissions, denies the others. */
const allowing = (...names: string[]) =>
  mockApis.permission({
    authorize: request =>
      names.includes(request.permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  });

const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'alice', namespace: 'default' },
      spec: { profile: { displayName: 'Alice Arnold' } },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'bob', namespace: 'default' },
      spec: { profile: { displayName: 'Bob Baker' } },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'carol', namespace: 'default' },
      spec: { profile: { displayName: 'Carol Chen' } },
    },
  ],
});

jest.setTimeout(30_000);

/**
 * Renders the panel for a repository of its own: usePermission caches answers per permission and
 * resource across renders, so every test uses another repository.
 */
async function renderPanel(
  api: MembersApi,
  permissionApi: ReturnType<typeof allowing>,
  repository: string,
  pageSize?: number,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [membersApiRef, api],
        [permissionApiRef, permissionApi],
        [catalogApiRef, catalogApi],
      ]}
    >
      <MembersPanel
        kind="image-repository"
        name={repository}
        basePath={`/repositories/${repository}`}
        pageSize={pageSize}
      />
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  await screen.findByTitle('user:default/bob', undefined, { timeout: 10_000 });
}

describe('MembersPanel', () => {
  it('shows people by display name with an avatar, and role fields without a label over the role', async () => {
    const api = fakeMembersApi();
    await renderPanel(
      api,
      allowing(
        'cellport.image-repository.members.manage',
        'cellport.image-repository.transfer',
      ),
      'pay/names',
    );
    const table = screen.getByRole('table', { name: 'Members' });
    expect(await within(table).findByText('Alice Arnold')).toBeInTheDocument();
    expect(within(table).getByText('Bob Baker')).toBeInTheDocument();
    expect(within(table).getByText('AA')).toBeInTheDocument(); // avatar initials
    expect(within(table).queryByText('user:default/alice')).toBeNull();
    // the role field is labelled for assistive technology only: no floating label over "Owner"
    expect(await screen.findByLabelText('Role of Alice Arnold')).toBeInTheDocument();
    expect(within(table).queryByText(/^Role of /)).toBeNull();
  });

  it('shows a Reporter the members and roles without any button', async () => {
    const api = fakeMembersApi();
    await renderPanel(api, allowing(), 'pay/reporter');
    const table = screen.getByRole('table', { name: 'Members' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(within(table).getByText('Owner')).toBeInTheDocument();
    expect(within(table).getByText('from image-group:pay')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add member' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(screen.queryByLabelText(/Role of/)).toBeNull();
  });

  it('lets a Master change and remove non-Owners only, and never offers Owner', async () => {
    const api = fakeMembersApi();
    await renderPanel(
      api,
      allowing('cellport.image-repository.members.manage'),
      'pay/master',
    );
    expect(screen.getByRole('button', { name: 'Add member' })).toBeEnabled();
    expect(
      await screen.findByRole('button', { name: 'Remove Bob Baker' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Remove Alice Arnold' }),
    ).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Remove group:default/platform' }),
    ).toBeNull();

    await userEvent.click(await screen.findByLabelText('Role of Bob Baker'));
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Master',
      'Developer',
      'Reporter',
      'Guest',
    ]);
    await userEvent.click(screen.getByRole('option', { name: 'Developer' }));
    await waitFor(() =>
      expect(api.updateMember).toHaveBeenCalledWith(
        expect.objectContaining({ basePath: '/repositories/pay/master' }),
        'user:default/bob',
        'developer',
      ),
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Remove Bob Baker' }),
    );
    await waitFor(() =>
      expect(screen.queryByTitle('user:default/bob')).toBeNull(),
    );
    expect(api.removeMember).toHaveBeenCalledTimes(1);
  });

  it('lets an Owner add a catalog user with a role picked in the dialog', async () => {
    const api = fakeMembersApi();
    await renderPanel(
      api,
      allowing(
        'cellport.image-repository.members.manage',
        'cellport.image-repository.transfer',
      ),
      'pay/owner',
    );
    expect(
      await screen.findByRole('button', { name: 'Remove Alice Arnold' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add member' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText('User or group'),
      'Carol',
    );
    await userEvent.click(
      await screen.findByText('Carol Chen (user:default/carol)'),
    );
    await userEvent.click(within(dialog).getByLabelText('Role'));
    await userEvent.click(await screen.findByRole('option', { name: 'Owner' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    await waitFor(() =>
      expect(api.addMember).toHaveBeenCalledWith(
        expect.objectContaining({
          kind: 'image-repository',
          name: 'pay/owner',
        }),
        'user:default/carol',
        'owner',
      ),
    );
    expect(await screen.findByTitle('user:default/carol')).toBeInTheDocument();
  });

  it('shows members a page at a time, by reference, and the next page on "Show more"', async () => {
    const api = fakeMembersApi();
    for (let i = 0; i < 9; i++) {
      api.members.push(member(`user:default/extra-${i}`, 'guest'));
    }
    await renderPanel(
      api,
      allowing('cellport.image-repository.members.manage'),
      'pay/pages',
      5,
    );
    const table = screen.getByRole('table', { name: 'Members' });
    const titles = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row => row.querySelector('[title]')?.getAttribute('title'));
    expect(titles()).toEqual([
      'group:default/platform',
      'user:default/alice',
      'user:default/bob',
      'user:default/extra-0',
      'user:default/extra-1',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Show more members' }));
    await waitFor(() => expect(titles()).toHaveLength(10));
    // a change reloads as many members as were shown
    await userEvent.click(
      await screen.findByRole('button', { name: 'Remove Bob Baker' }),
    );
    await waitFor(() => expect(titles()).not.toContain('user:default/bob'));
    expect(titles()).toHaveLength(10);
    await userEvent.click(screen.getByRole('button', { name: 'Show more members' }));
    await waitFor(() => expect(titles()).toHaveLength(11));
    expect(titles()[10]).toBe('user:default/extra-8');
    expect(screen.queryByRole('button', { name: 'Show more members' })).toBeNull();
    expect(api.listMembers).not.toHaveBeenCalled();
  });

  it('shows the backend refusal, e.g. removing the last Owner', async () => {
    const api = fakeMembersApi();
    api.removeMember.mockRejectedValueOnce(
      new Error('Cannot remove user:default/alice: they are the last Owner'),
    );
    await renderPanel(
      api,
      allowing(
        'cellport.image-repository.members.manage',
        'cellport.image-repository.transfer',
      ),
      'pay/refusal',
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Remove Alice Arnold' }),
    );
    expect(
      await screen.findByText(/they are the last Owner/),
    ).toBeInTheDocument();
  });
});
