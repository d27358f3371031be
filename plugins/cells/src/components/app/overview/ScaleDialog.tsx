import { useEffect, useState } from 'react';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { TextInput } from '../../shared/TextInput';

/** What to scale. */
export interface ScaleTarget {
  version: string;
  cell: string;
  replicas: number;
}

/** Asks for a version's new replica count in one cell. */
export function ScaleDialog(props: {
  target?: ScaleTarget;
  busy: boolean;
  error?: string;
  onClose(): void;
  onScale(replicas: number): void;
}) {
  const { target } = props;
  const [text, setText] = useState('');
  useEffect(() => setText(target ? String(target.replicas) : ''), [target]);
  const value = Number(text);
  const invalid =
    text.trim() === '' || !Number.isInteger(value) || value < 0 || value > 500;
  return (
    <Dialog open={Boolean(target)} onClose={props.onClose}>
      <DialogTitle>
        Scale {target?.version} in {target?.cell}
      </DialogTitle>
      <DialogContent>
        <TextInput
          id="scale-replicas"
          label="Replicas"
          type="number"
          value={text}
          onChange={setText}
          error={invalid ? 'a whole number from 0 to 500' : undefined}
          disabled={props.busy}
        />
        {props.error && <Alert severity="error">{props.error}</Alert>}
        {props.busy && (
          <Box mt={1}>
            <LinearProgress />
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={props.busy}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          disabled={invalid || props.busy}
          onClick={() => props.onScale(value)}
        >
          Scale
        </Button>
      </DialogActions>
    </Dialog>
  );
}
