import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Member } from '@cellport/plugin-access-common';
import { useState } from 'react';
import { MembersTarget } from '../../api/MembersApi';
import { errorMessage } from '../../errors';
import { useMemberPermissions } from '../../hooks/useMemberPermissions';
import { useMembers } from '../../hooks/useMembers';
import { AddMemberDialog } from './AddMemberDialog';
import { MemberRow } from './MemberRow';

/**
 * Props of {@link MembersPanel}.
 *
 * @public
 */
export type MembersPanelProps = MembersTarget & {
  /** Card title (default "Members"). */
  title?: string;
  /** Members shown at first and added by each "Show more" (default 10). */
  pageSize?: number;
};

/**
 * The members of a Cellport resource: list with roles, add (catalog User or Group picker), change
 * role, remove. Buttons show only when the permission backend allows them (Master manages members,
 * Owner manages Owners); the backend enforces the same rules regardless. Inherited members (an
 * image repository's image group) are read-only here. Members come a page at a time, ordered by
 * entity reference, with a "Show more" button while there are more.
 *
 * ```tsx
 * <MembersPanel kind="app" name="payments-api" basePath="/apps/payments-api" />
 * ```
 *
 * @public
 */
export function MembersPanel(props: MembersPanelProps) {
  const { kind, name, pluginId, basePath } = props;
  const permissions = useMemberPermissions(kind, name);
  const members = useMembers(
    { kind, name, pluginId, basePath },
    { pageSize: props.pageSize },
  );
  const [adding, setAdding] = useState(false);

  if (members.error) {
    return <ResponseErrorPanel error={members.error} />;
  }
  if (!members.members || permissions.loading) {
    return <Progress />;
  }
  const editable = (m: Member) =>
    !m.inheritedFrom &&
    permissions.canManage &&
    (m.role !== 'owner' || permissions.canManageOwners);
  const ignore = () => {}; // failures are shown through actionError

  return (
    <InfoCard
      title={props.title ?? 'Members'}
      action={
        permissions.canManage ? (
          <Button
            color="primary"
            variant="outlined"
            onClick={() => setAdding(true)}
          >
            Add member
          </Button>
        ) : undefined
      }
    >
      {members.actionError && (
        <Alert severity="error">{errorMessage(members.actionError)}</Alert>
      )}
      <Table size="small" aria-label="Members">
        <TableHead>
          <TableRow>
            <TableCell>Member</TableCell>
            <TableCell>Role</TableCell>
            <TableCell>Source</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {members.members.map(m => (
            <MemberRow
              key={`${m.member}|${m.inheritedFrom ?? ''}`}
              member={m}
              editable={editable(m)}
              allowOwner={permissions.canManageOwners}
              busy={members.busy}
              onChangeRole={role =>
                members.update(m.member, role).catch(ignore)
              }
              onRemove={() => members.remove(m.member).catch(ignore)}
            />
          ))}
        </TableBody>
      </Table>
      {members.hasMore && (
        <Box display="flex" justifyContent="center" mt={1}>
          <Button
            color="primary"
            onClick={() => members.showMore()}
            disabled={members.busy}
          >
            Show more members
          </Button>
        </Box>
      )}
      <AddMemberDialog
        open={adding}
        allowOwner={permissions.canManageOwners}
        onClose={() => setAdding(false)}
        onAdd={async (member, role) => {
          // a refusal is shown inside the dialog, where the user is looking
          await members.add(member, role);
          setAdding(false);
        }}
      />
    </InfoCard>
  );
}
