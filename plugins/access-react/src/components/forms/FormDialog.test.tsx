import {
  act,
  fireEvent,
  render,
  screen,
  waitFor,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TextField } from '@material-ui/core';
import { ResponseError } from '@backstage/errors';
import { useState } from 'react';
import { FormDialog, FormDialogProps } from './FormDialog';
import { InlineForm } from './InlineForm';

jest.setTimeout(60_000);

function NameDialog(props: Partial<FormDialogProps>) {
  const [name, setName] = useState('');
  return (
    <FormDialog
      open
      title="Create a thing"
      submitLabel="Create thing"
      onClose={() => {}}
      onSubmit={async () => {}}
      errorTestId="thing-error"
      {...props}
    >
      <TextField
        id="thing-name"
        label="Name"
        value={name}
        onChange={e => setName(e.target.value)}
      />
    </FormDialog>
  );
}

async function serverRefusal(message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message },
        request: { method: 'POST', url: '/things' },
        response: { statusCode: 400 },
      }),
      {
        status: 400,
        statusText: 'Bad Request',
        headers: { 'content-type': 'application/json' },
      },
    ),
  );
}

describe('FormDialog', () => {
  it('submits on Enter in a field, shows progress, and the server message of a refusal', async () => {
    let finish: (e?: Error) => void = () => {};
    const onSubmit = jest.fn(
      () =>
        new Promise<void>((resolve, reject) => {
          finish = e => (e ? reject(e) : resolve());
        }),
    );
    const onClose = jest.fn();
    render(<NameDialog onSubmit={onSubmit} onClose={onClose} />);
    expect(
      screen.getByRole('dialog', { name: 'Create a thing' }),
    ).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Name'), 'alpha{Enter}');
    expect(onSubmit).toHaveBeenCalledTimes(1);
    // pending: both buttons disabled, a progress bar, a second Enter does nothing
    const create = screen.getByRole('button', { name: 'Create thing' });
    expect(create).toBeDisabled();
    expect(create).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    expect(
      screen.getByRole('progressbar', { hidden: false }),
    ).toBeInTheDocument();
    fireEvent.submit(create.closest('form')!);
    expect(onSubmit).toHaveBeenCalledTimes(1);

    const refusal = await serverRefusal(
      "thing name 'Alpha' is invalid: use lowercase",
    );
    await act(async () => finish(refusal));
    expect(await screen.findByTestId('thing-error')).toHaveTextContent(
      "thing name 'Alpha' is invalid: use lowercase",
    );
    expect(screen.queryByText(/Request failed with/)).toBeNull();
    expect(create).toBeEnabled();
    // the error sits above the fields (where the eye is), not below them
    const error = screen.getByTestId('thing-error');
    expect(
      error.compareDocumentPosition(screen.getByLabelText('Name')) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();

    // a new attempt clears the error; success leaves closing to the caller
    await userEvent.click(create);
    expect(screen.queryByTestId('thing-error')).toBeNull();
    await act(async () => finish());
    await waitFor(() => expect(create).toBeEnabled());
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('is disabled with the reason shown, and Enter does not submit', async () => {
    const onSubmit = jest.fn();
    render(
      <NameDialog
        onSubmit={onSubmit}
        disabledReason="The release of v2 is running: wait for it or abort it."
      />,
    );
    expect(screen.getByRole('button', { name: 'Create thing' })).toBeDisabled();
    expect(screen.getByTestId('form-disabled-reason')).toHaveTextContent(
      'The release of v2 is running: wait for it or abort it.',
    );
    await userEvent.type(screen.getByLabelText('Name'), 'alpha{Enter}');
    fireEvent.submit(screen.getByLabelText('Name').closest('form')!);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('does not submit invalid fields', async () => {
    const onSubmit = jest.fn();
    render(<NameDialog onSubmit={onSubmit} invalid />);
    await userEvent.type(screen.getByLabelText('Name'), 'x{Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.queryByTestId('form-disabled-reason')).toBeNull();
  });

  it("shows the caller's own pending state and error", () => {
    render(
      <NameDialog
        busy
        error="cell dev-1 did not answer"
        pendingText="Scaling..."
      />,
    );
    expect(screen.getByTestId('thing-error')).toHaveTextContent(
      'cell dev-1 did not answer',
    );
    expect(screen.getByText('Scaling...')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create thing' })).toBeDisabled();
  });
});

describe('InlineForm', () => {
  it('submits on Enter and shows the error above the fields', async () => {
    const onSubmit = jest.fn(async () => {
      throw new Error('image group exists already');
    });
    render(
      <InlineForm
        title="Create an image group"
        submitLabel="Create group"
        onSubmit={onSubmit}
        errorTestId="group-error"
        submitTestId="create-group"
      >
        <TextField id="group-name" label="Group name" />
      </InlineForm>,
    );
    await userEvent.type(screen.getByLabelText('Group name'), 'team{Enter}');
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId('group-error')).toHaveTextContent(
      'image group exists already',
    );
    expect(screen.getByTestId('create-group')).toHaveTextContent(
      'Create group',
    );
  });
});
