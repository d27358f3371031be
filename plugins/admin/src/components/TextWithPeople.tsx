/** Server text (a failure reason) with the catalog people it names shown by display name. */
import { Fragment, ReactNode } from 'react';
import { UserDisplay } from '@cellport/plugin-access-react';

/** `user:<namespace>/<name>` or `group:<namespace>/<name>`, a trailing full stop left out. */
const PERSON_REF =
  /\b(?:user|group):[a-z0-9](?:[-_.a-z0-9]*[a-z0-9])?\/[a-z0-9](?:[-_.a-z0-9]*[a-z0-9])?/gi;

/**
 * `text` as the server sent it, each catalog User or Group reference in it replaced by the
 * person's display name (linked, the reference on hover): "aborted by user:default/alice" reads
 * "aborted by Alice Arnold".
 */
export function TextWithPeople(props: { text: string }) {
  const { text } = props;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(PERSON_REF)) {
    const at = m.index ?? 0;
    parts.push(text.slice(last, at));
    parts.push(<UserDisplay key={at} entityRef={m[0]} hideAvatar />);
    last = at + m[0].length;
  }
  parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>{part}</Fragment>
      ))}
    </>
  );
}
