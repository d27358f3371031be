import { Avatar, Box, makeStyles, Tooltip } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
} from '@backstage/plugin-catalog-react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import useAsync from 'react-use/esm/useAsync';

/**
 * Props of {@link UserDisplay}.
 *
 * @public
 */
export type UserDisplayProps = {
  /** A catalog User or Group reference (`user:default/alice`), or another actor (`service:...`). */
  entityRef: string;
  /** Hide the avatar (e.g. inside dense tables). */
  hideAvatar?: boolean;
};

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    whiteSpace: 'nowrap',
    maxWidth: '100%',
  },
  avatar: {
    width: 24,
    height: 24,
    fontSize: 12,
  },
}));

const ENTITY_NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/**
 * The full reference of a catalog User or Group (`alice` → `user:default/alice`), or undefined
 * for other actors (`service:plugin:cells`, registry robots such as `robot$team+ci`).
 */
function catalogRef(
  ref: string,
): { kind: string; name: string; ref: string } | undefined {
  try {
    const parsed = parseEntityRef(ref, {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
    const kind = parsed.kind.toLocaleLowerCase('en-US');
    if ((kind !== 'user' && kind !== 'group') || !ENTITY_NAME.test(parsed.name)) {
      return undefined;
    }
    return { kind, name: parsed.name, ref: stringifyEntityRef(parsed) };
  } catch {
    return undefined;
  }
}

/** Up to two initials of a display name ("Alice Arnold" → "AA"). */
export function initialsOf(displayName: string): string {
  return displayName
    .split(/[\s._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map(part => part[0]!.toLocaleUpperCase('en-US'))
    .join('');
}

/** A catalog person's display name and picture; the entity name until the catalog answers. */
function useCatalogPerson(entityRef: string) {
  const catalogApi = useApi(catalogApiRef);
  const ref = catalogRef(entityRef);
  const fullRef = ref?.ref;
  const entity = useAsync(async () => {
    if (!fullRef) {
      return undefined;
    }
    return catalogApi.getEntityByRef(fullRef);
  }, [catalogApi, fullRef]);
  if (!ref) {
    return undefined;
  }
  const profile = (entity.value?.spec?.profile ?? {}) as {
    displayName?: string;
    picture?: string;
  };
  return {
    ref: ref.ref,
    displayName:
      profile.displayName ?? entity.value?.metadata.title ?? ref.name,
    picture: profile.picture,
  };
}

/**
 * A person (or group) as people know them: avatar and display name from the catalog, linked to
 * the catalog page, the entity reference on hover. Other actors (`service:plugin:cells`) are shown
 * as they are.
 *
 * @public
 */
export function UserDisplay(props: UserDisplayProps) {
  const classes = useStyles();
  const person = useCatalogPerson(props.entityRef);
  if (!person) {
    return <span className={classes.root}>{props.entityRef}</span>;
  }
  return (
    <Tooltip title={person.ref}>
      <span className={classes.root} data-testid="user-display">
        {!props.hideAvatar && (
          <Avatar
            className={classes.avatar}
            src={person.picture}
            alt=""
            aria-hidden
          >
            {initialsOf(person.displayName)}
          </Avatar>
        )}
        <Box component="span" overflow="hidden" textOverflow="ellipsis">
          <EntityRefLink entityRef={person.ref} hideIcon disableTooltip>
            {person.displayName}
          </EntityRefLink>
        </Box>
      </span>
    </Tooltip>
  );
}

/**
 * The display name of a catalog User or Group for labels ("Role of Alice Arnold"); the entity
 * name until the catalog answers, the reference itself for other actors.
 *
 * @public
 */
export function useDisplayName(entityRef: string): string {
  return useCatalogPerson(entityRef)?.displayName ?? entityRef;
}
