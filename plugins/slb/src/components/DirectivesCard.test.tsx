import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { slbApiRef } from '../api';
import { DirectivesCard } from './DirectivesCard';

describe('DirectivesCard', () => {
  it("shows nginx -t's refusal as the server sent it, and saves what passes", async () => {
    const setDirectives = jest
      .fn()
      .mockRejectedValueOnce(new Error('nginx -t refused the configuration: unknown directive "nope"'))
      .mockResolvedValueOnce({});
    const onSaved = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[slbApiRef, { setDirectives } as any]]}>
        <DirectivesCard name="shop.example.com" current="" onSaved={onSaved} />
      </TestApiProvider>,
    );
    fireEvent.change(screen.getByLabelText('Extra directives'), { target: { value: 'nope on;' } });
    fireEvent.click(screen.getByRole('button', { name: /check and save/i }));
    expect(await screen.findByText(/unknown directive "nope"/)).toBeInTheDocument();
    expect(onSaved).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Extra directives'), { target: { value: 'gzip on;' } });
    fireEvent.click(screen.getByRole('button', { name: /check and save/i }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(setDirectives).toHaveBeenLastCalledWith('shop.example.com', 'gzip on;');
    expect(screen.getByText(/nginx -t passed; stored/)).toBeInTheDocument();
  });
});
