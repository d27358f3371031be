import { IconButton, TableCell, TableRow, Tooltip } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { Member, Role, ROLE_TITLES } from '@cellport/plugin-access-common';
import { RoleSelect } from './RoleSelect';
import { UserDisplay, useDisplayName } from '../people';

/**
 * Props of {@link MemberRow}.
 *
 * @public
 */
export type MemberRowProps = {
  member: Member;
  /** May change this member (false for inherited members and for Owners unless the user is Owner). */
  editable: boolean;
  /** May grant Owner. */
  allowOwner: boolean;
  busy: boolean;
  onChangeRole(role: Role): void;
  onRemove(): void;
};

/**
 * One member: who, which role (editable when allowed), where it comes from, remove.
 *
 * @public
 */
export function MemberRow(props: MemberRowProps) {
  const { member, editable } = props;
  const displayName = useDisplayName(member.member);
  return (
    <TableRow>
      <TableCell>
        <UserDisplay entityRef={member.member} />
      </TableCell>
      <TableCell>
        {editable ? (
          <RoleSelect
            label={`Role of ${displayName}`}
            hideLabel
            value={member.role}
            allowOwner={props.allowOwner}
            disabled={props.busy}
            onChange={props.onChangeRole}
          />
        ) : (
          ROLE_TITLES[member.role]
        )}
      </TableCell>
      <TableCell>
        {member.inheritedFrom ? `from ${member.inheritedFrom}` : 'direct'}
      </TableCell>
      <TableCell align="right">
        {editable && (
          <Tooltip title="Remove member">
            <IconButton
              aria-label={`Remove ${displayName}`}
              disabled={props.busy}
              onClick={props.onRemove}
            >
              <DeleteIcon />
            </IconButton>
          </Tooltip>
        )}
      </TableCell>
    </TableRow>
  );
}
