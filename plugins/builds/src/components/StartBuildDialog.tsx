import { useApi } from '@backstage/core-plugin-api';
import { FormDialog } from '@cellport/plugin-access-react';
import type { BuildConfig } from '@cellport/plugin-builds-common';
import { Checkbox, FormControlLabel, TextField } from '@material-ui/core';
import { useEffect, useState } from 'react';
import { buildsApiRef } from '../api';

/** Starts a build by hand: branch or exact commit, optional tag, without cache. */
export function StartBuildDialog(props: {
  open: boolean;
  config: BuildConfig;
  onClose: () => void;
  onStarted: (number: number) => void;
}) {
  const api = useApi(buildsApiRef);
  const [branch, setBranch] = useState(props.config.branch);
  const [commit, setCommit] = useState('');
  const [tag, setTag] = useState('');
  const [noCache, setNoCache] = useState(false);
  useEffect(() => {
    if (props.open) {
      setBranch(props.config.branch);
    }
  }, [props.open, props.config.branch]);

  const start = async () => {
    const build = await api.startBuild(props.config.name, {
      branch: branch || undefined,
      commit: commit || undefined,
      tag: tag || undefined,
      noCache,
    });
    props.onStarted(build.number);
  };

  return (
    <FormDialog
      open={props.open}
      title={`Start a build of ${props.config.name}`}
      submitLabel="Start"
      onClose={props.onClose}
      onSubmit={start}
      errorTestId="start-error"
      submitTestId="start-build-submit"
    >
      <TextField
        fullWidth
        margin="dense"
        label="Branch"
        value={branch}
        onChange={e => setBranch(e.target.value)}
      />
      <TextField
        fullWidth
        margin="dense"
        label="Commit (optional, full SHA)"
        value={commit}
        onChange={e => setCommit(e.target.value.trim())}
        helperText="Empty: the branch's latest commit"
      />
      <TextField
        fullWidth
        margin="dense"
        label="Tag (optional)"
        value={tag}
        onChange={e => setTag(e.target.value.trim())}
        helperText="Empty: the config's tag rule"
      />
      <FormControlLabel
        label="Without cache"
        control={
          <Checkbox
            checked={noCache}
            onChange={e => setNoCache(e.target.checked)}
          />
        }
      />
    </FormDialog>
  );
}
