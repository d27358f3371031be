import { useEffect, useState } from 'react';
import { FormDialog } from '@cellport/plugin-access-react';
import { TextInput } from '../../shared/TextInput';

/** What to scale. */
export interface ScaleTarget {
  version: string;
  cell: string;
  replicas: number;
}

/** Asks for a version's new replica count in one cell; a refusal is shown as the server sent it. */
export function ScaleDialog(props: {
  target?: ScaleTarget;
  onClose(): void;
  /** Scales; a rejection keeps the dialog open with its message. */
  onScale(replicas: number): Promise<void>;
}) {
  const { target } = props;
  const [text, setText] = useState('');
  useEffect(() => setText(target ? String(target.replicas) : ''), [target]);
  const value = Number(text);
  const invalid =
    text.trim() === '' || !Number.isInteger(value) || value < 0 || value > 500;
  return (
    <FormDialog
      open={Boolean(target)}
      title={`Scale ${target?.version} in ${target?.cell}`}
      submitLabel="Scale"
      onClose={props.onClose}
      onSubmit={() => props.onScale(value)}
      invalid={invalid}
      maxWidth="xs"
    >
      <TextInput
        id="scale-replicas"
        label="Replicas"
        type="number"
        value={text}
        onChange={setText}
        error={invalid ? 'a whole number from 0 to 500' : undefined}
      />
    </FormDialog>
  );
}
