import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ScaleDialog } from './ScaleDialog';

jest.setTimeout(60_000);

const target = { version: 'v2', cell: 'dev-1', replicas: 2 };

describe('ScaleDialog', () => {
  it('scales on Enter and shows a refusal as the server sent it', async () => {
    const onScale = jest.fn(async () => {
      throw new Error("cell 'dev-1' fits at most 40 replicas of v2");
    });
    render(
      <ScaleDialog target={target} onClose={() => {}} onScale={onScale} />,
    );
    const replicas = screen.getByLabelText('Replicas');
    await userEvent.clear(replicas);
    await userEvent.type(replicas, '400{Enter}');
    expect(onScale).toHaveBeenCalledWith(400);
    expect(
      await screen.findByText("cell 'dev-1' fits at most 40 replicas of v2"),
    ).toBeInTheDocument();
  });

  it('refuses what is not a replica count', async () => {
    const onScale = jest.fn(async () => {});
    render(
      <ScaleDialog target={target} onClose={() => {}} onScale={onScale} />,
    );
    const replicas = screen.getByLabelText('Replicas');
    await userEvent.clear(replicas);
    await userEvent.type(replicas, '-3{Enter}');
    expect(
      screen.getByText('a whole number from 0 to 500'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Scale' })).toBeDisabled();
    expect(onScale).not.toHaveBeenCalled();
  });
});
