import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { FormDialog } from '@cellport/plugin-access-react';
import type {
  CreatedBuildConfig,
  TagRule,
} from '@cellport/plugin-builds-common';
import {
  Button,
  Checkbox,
  FormControlLabel,
  Grid,
  IconButton,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { buildsApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { NewWebhookSecretDialog } from './NewWebhookSecretDialog';

type Arg = { name: string; value: string; secret: boolean };

/**
 * Creates a build config; the server's message is shown as sent when it refuses. Once created,
 * its webhook secret is shown this once, then the config's page opens.
 */
export function CreateConfigDialog(props: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const api = useApi(buildsApiRef);
  const base = useRouteRef(rootRouteRef)();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    name: '',
    repositoryUrl: '',
    branch: 'main',
    context: '.',
    dockerfile: 'Dockerfile',
    imageRepository: '',
    tagRule: 'commit' as TagRule['type'],
    fixedTag: '',
  });
  const [args, setArgs] = useState<Arg[]>([]);
  const [created, setCreated] = useState<CreatedBuildConfig>();
  const set = (patch: Partial<typeof form>) =>
    setForm(f => ({ ...f, ...patch }));

  const submit = async () => {
    const tagRule: TagRule =
      form.tagRule === 'fixed'
        ? { type: 'fixed', tag: form.fixedTag }
        : { type: form.tagRule };
    const made = await api.createConfig({
      name: form.name,
      repositoryUrl: form.repositoryUrl,
      branch: form.branch,
      context: form.context,
      dockerfile: form.dockerfile,
      imageRepository: form.imageRepository,
      tagRule,
      buildArgs: args
        .filter(a => a.name)
        .map(a => ({ name: a.name, value: a.value, secret: a.secret })),
    });
    setCreated(made);
  };
  const done = () => {
    const name = created!.name;
    setCreated(undefined);
    props.onCreated();
    navigate(`${base}/${name}`);
  };

  const field = (
    key: keyof typeof form,
    label: string,
    helperText?: string,
  ) => (
    <TextField
      fullWidth
      margin="dense"
      label={label}
      value={form[key]}
      helperText={helperText}
      inputProps={{ 'data-testid': `config-${key}` }}
      onChange={e => set({ [key]: e.target.value } as Partial<typeof form>)}
    />
  );

  return (
    <>
      <FormDialog
        open={props.open && !created}
        title="New build config"
        submitLabel="Create"
        onClose={props.onClose}
        onSubmit={submit}
        maxWidth="md"
        errorTestId="config-error"
        submitTestId="config-create"
      >
        <Grid container spacing={2}>
          <Grid item xs={12} md={6}>
            {field('name', 'Name', 'Lowercase letters, digits and -')}
          </Grid>
          <Grid item xs={12} md={6}>
            {field(
              'imageRepository',
              'Image repository',
              'group/name; you must be Developer or more on it',
            )}
          </Grid>
          <Grid item xs={12}>
            {field(
              'repositoryUrl',
              'Git repository URL',
              'https://, http:// or ssh://',
            )}
          </Grid>
          <Grid item xs={12} md={4}>
            {field('branch', 'Branch')}
          </Grid>
          <Grid item xs={12} md={4}>
            {field('context', 'Context folder')}
          </Grid>
          <Grid item xs={12} md={4}>
            {field('dockerfile', 'Dockerfile', 'Relative to the context')}
          </Grid>
          <Grid item xs={12} md={6}>
            <TextField
              select
              fullWidth
              margin="dense"
              label="Tag rule"
              value={form.tagRule}
              onChange={e =>
                set({ tagRule: e.target.value as TagRule['type'] })
              }
            >
              <MenuItem value="commit">Commit short SHA</MenuItem>
              <MenuItem value="branch-counter">
                Branch and counter (main-12)
              </MenuItem>
              <MenuItem value="fixed">Fixed tag</MenuItem>
            </TextField>
          </Grid>
          <Grid item xs={12} md={6}>
            {form.tagRule === 'fixed' && field('fixedTag', 'Tag')}
          </Grid>
          <Grid item xs={12}>
            <Typography variant="subtitle2">Build args</Typography>
            {args.map((arg, i) => (
              <Grid container spacing={1} key={i} alignItems="center">
                <Grid item xs={4}>
                  <TextField
                    fullWidth
                    margin="dense"
                    label="Name"
                    value={arg.name}
                    onChange={e =>
                      setArgs(a =>
                        a.map((x, j) =>
                          j === i ? { ...x, name: e.target.value } : x,
                        ),
                      )
                    }
                  />
                </Grid>
                <Grid item xs={5}>
                  <TextField
                    fullWidth
                    margin="dense"
                    label="Value"
                    value={arg.value}
                    type={arg.secret ? 'password' : 'text'}
                    onChange={e =>
                      setArgs(a =>
                        a.map((x, j) =>
                          j === i ? { ...x, value: e.target.value } : x,
                        ),
                      )
                    }
                  />
                </Grid>
                <Grid item xs={2}>
                  <FormControlLabel
                    label="Secret"
                    control={
                      <Checkbox
                        checked={arg.secret}
                        onChange={e =>
                          setArgs(a =>
                            a.map((x, j) =>
                              j === i ? { ...x, secret: e.target.checked } : x,
                            ),
                          )
                        }
                      />
                    }
                  />
                </Grid>
                <Grid item xs={1}>
                  <IconButton
                    aria-label="Remove build arg"
                    onClick={() => setArgs(a => a.filter((_, j) => j !== i))}
                  >
                    <DeleteIcon />
                  </IconButton>
                </Grid>
              </Grid>
            ))}
            <Button
              size="small"
              onClick={() =>
                setArgs(a => [...a, { name: '', value: '', secret: false }])
              }
            >
              Add build arg
            </Button>
          </Grid>
        </Grid>
      </FormDialog>
      <NewWebhookSecretDialog
        secret={created?.webhookSecret}
        reason="created"
        onClose={done}
      />
    </>
  );
}
