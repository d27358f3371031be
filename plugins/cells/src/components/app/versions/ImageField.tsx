import { useApi } from '@backstage/core-plugin-api';
import { RelativeTime } from '@cellport/plugin-access-react';
import { Box, TextField, Typography } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import useAsync from 'react-use/esm/useAsync';
import { cellsApiRef } from '../../../api';
import type { ImageTagList } from '../../../api';
import { messageOf } from '../../shared/format';

/** Props of {@link ImageField}. */
export interface ImageFieldProps {
  /** The app's image repository (`group/name`): its tags are offered. */
  repository?: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  disabled?: boolean;
}

type TagOption = ImageTagList['items'][number] & { reference: string };

/** `<host>/<repository>:<tag>`, or `<repository>:<tag>` without a known host. */
export function imageReference(
  registryHost: string | undefined,
  repository: string,
  tag: string,
): string {
  return `${registryHost ? `${registryHost}/` : ''}${repository}:${tag}`;
}

const shortDigest = (digest: string) =>
  digest.replace(/^sha256:/, '').slice(0, 12);

/**
 * The image of a new version: free text, offering the tags of the app's image repository newest
 * push first, each with its push time and digest.
 */
export function ImageField(props: ImageFieldProps) {
  const { repository } = props;
  const api = useApi(cellsApiRef);
  const tags = useAsync(
    async () => (repository ? api.listImageTags(repository) : undefined),
    [api, repository],
  );
  const options: TagOption[] = (tags.value?.items ?? []).map(t => ({
    ...t,
    reference: imageReference(tags.value?.registryHost, repository!, t.tag),
  }));
  let helperText = 'e.g. registry.example:5000/payments/api:1.4.2';
  if (repository) {
    if (tags.loading) {
      helperText = `Loading the tags of ${repository}...`;
    } else if (tags.error) {
      helperText = `Could not list the tags of ${repository}: ${messageOf(
        tags.error,
      )}`;
    } else {
      helperText = options.length
        ? `${options.length} tag${
            options.length > 1 ? 's' : ''
          } of ${repository}, newest first`
        : `${repository} has no tags yet: push an image, or type a reference`;
    }
  }
  return (
    <Autocomplete<TagOption, false, false, true>
      freeSolo
      options={options}
      filterOptions={(all, state) =>
        all.filter(o => o.reference.includes(state.inputValue.trim()))
      }
      getOptionLabel={o => (typeof o === 'string' ? o : o.reference)}
      value={props.value}
      inputValue={props.value}
      onChange={(_, value) =>
        props.onChange(
          typeof value === 'string' ? value : value?.reference ?? '',
        )
      }
      onInputChange={(_, value, reason) => {
        // 'reset' only echoes the value (or a chosen option, handled by onChange)
        if (reason === 'input' || reason === 'clear') {
          props.onChange(value);
        }
      }}
      disabled={props.disabled}
      renderOption={o => (
        <Box data-testid={`image-tag-${o.tag}`}>
          <Typography variant="body2">{o.tag}</Typography>
          <Typography variant="caption" color="textSecondary" component="div">
            {o.pushedAt ? (
              <>
                pushed <RelativeTime value={o.pushedAt} />
              </>
            ) : (
              'push time unknown'
            )}{' '}
            · {shortDigest(o.digest)}
          </Typography>
        </Box>
      )}
      renderInput={params => (
        <TextField
          {...params}
          id="version-image"
          label="Image"
          margin="dense"
          variant="outlined"
          fullWidth
          error={Boolean(props.error)}
          helperText={props.error ?? helperText}
        />
      )}
    />
  );
}
