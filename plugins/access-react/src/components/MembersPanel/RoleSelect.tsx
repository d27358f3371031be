import { MenuItem, TextField } from '@material-ui/core';
import { Role, ROLE_TITLES, ROLES } from '@cellport/plugin-access-common';

/**
 * Props of {@link RoleSelect}.
 *
 * @public
 */
export type RoleSelectProps = {
  /** Accessible label; also shown above the field unless `hideLabel`. */
  label: string;
  /** Keep the label for assistive technology only (in a table whose column says "Role"). */
  hideLabel?: boolean;
  value: Role;
  onChange(role: Role): void;
  /** Offer Owner (only Owners may grant it). */
  allowOwner: boolean;
  disabled?: boolean;
};

/**
 * A role picker, strongest role first.
 *
 * @public
 */
export function RoleSelect(props: RoleSelectProps) {
  const roles = ROLES.filter(r => props.allowOwner || r !== 'owner');
  return (
    <TextField
      select
      size="small"
      label={props.hideLabel ? undefined : props.label}
      value={props.value}
      disabled={props.disabled}
      onChange={event => props.onChange(event.target.value as Role)}
      SelectProps={{ inputProps: { 'aria-label': props.label } }}
    >
      {roles.map(role => (
        <MenuItem key={role} value={role}>
          {ROLE_TITLES[role]}
        </MenuItem>
      ))}
    </TextField>
  );
}
