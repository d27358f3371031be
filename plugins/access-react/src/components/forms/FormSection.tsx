import { Box, Typography } from '@material-ui/core';
import { ReactNode } from 'react';

/**
 * A titled group of fields inside a {@link FormDialog} ("Replicas per cell", "Environment").
 *
 * @public
 */
export function FormSection(props: { title: ReactNode; children: ReactNode }) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">{props.title}</Typography>
      {props.children}
    </Box>
  );
}
