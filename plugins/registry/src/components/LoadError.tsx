import { useNavigate } from 'react-router-dom';
import {
  Content,
  EmptyState,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { errorMessage, errorStatus } from '@cellport/plugin-access-react';
import { Button, Typography } from '@material-ui/core';

/**
 * A page that could not be loaded: a not-found page (with the server's message and a way back)
 * when the resource does not exist or the user may not see it, the server's error otherwise.
 */
export function LoadError(props: {
  error: Error;
  /** "Image repository 'team/app'". */
  what: string;
  backTo: string;
  backLabel: string;
}) {
  const navigate = useNavigate();
  if (errorStatus(props.error) === 404) {
    const title = `${props.what} not found`;
    const message = errorMessage(props.error);
    return (
      <Content>
        <div data-testid="registry-not-found">
          <EmptyState
            missing="content"
            title={title}
            description={
              <>
                {message.toLocaleLowerCase('en-US') !==
                  title.toLocaleLowerCase('en-US') && (
                  <Typography variant="body1" component="span">
                    {message}.{' '}
                  </Typography>
                )}
                <Typography variant="body1" component="span">
                  It does not exist, or you are not one of its members: ask
                  its Owner to add you.
                </Typography>
              </>
            }
            action={
              <Button
                variant="contained"
                color="primary"
                onClick={() => navigate(props.backTo)}
              >
                {props.backLabel}
              </Button>
            }
          />
        </div>
      </Content>
    );
  }
  return (
    <Content>
      <ResponseErrorPanel
        error={props.error}
        title={`${props.what} could not be loaded: ${errorMessage(props.error)}`}
      />
    </Content>
  );
}
