import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Release, ReleaseEvent } from '@cellport/plugin-cells-common';
import { mockCellsApi, release, step } from '../../../__testUtils__/fixtures';
import { renderWithCellsApi } from '../../../__testUtils__/render';
import { ReleaseTimeline } from './ReleaseTimeline';

jest.setTimeout(60_000);

const events: ReleaseEvent[] = [
  {
    id: 1,
    releaseId: 'r-1',
    at: '2026-01-01T10:00:00.000Z',
    type: 'started',
    message: 'Release of v3 started',
    actor: 'user:default/alice',
  },
  {
    id: 2,
    releaseId: 'r-1',
    at: '2026-01-01T10:00:05.000Z',
    step: 0,
    cell: 'dev-1',
    type: 'canary-scaled',
    message: 'v3 scaled to 1 in dev-1',
  },
];

async function renderTimeline(r: Release, canManage = true) {
  const onAction = jest.fn();
  await renderWithCellsApi(
    <ReleaseTimeline
      release={r}
      events={events}
      canManage={canManage}
      onAction={onAction}
    />,
    { api: mockCellsApi() },
  );
  return onAction;
}

const buttonNames = () =>
  screen
    .queryAllByRole('button')
    .map(b => b.textContent)
    .filter(Boolean);

describe('ReleaseTimeline', () => {
  it('shows steps with state, cells, targets, progress, gates with figures, and the timeline', async () => {
    await renderTimeline(
      release({
        steps: [
          step(0, {
            state: 'baking',
            startedAt: '2026-01-01T10:00:01.000Z',
            targets: { 'dev-1': 1 },
            gates: [
              {
                name: 'readiness',
                kind: 'readiness',
                phase: 'successful',
                message: '1/1 pods Ready',
              },
              {
                name: 'error ratio',
                kind: 'metric',
                phase: 'running',
                message: 'error ratio 0.002 < 0.01',
                threshold: '< 0.01',
                failed: 0,
                inconclusive: 1,
                measurements: [
                  {
                    at: '2026-01-01T10:00:20.000Z',
                    cell: 'dev-1',
                    phase: 'inconclusive',
                  },
                  {
                    at: '2026-01-01T10:00:30.000Z',
                    cell: 'dev-1',
                    value: 0.002,
                    phase: 'successful',
                  },
                ],
              },
            ],
          }),
          step(1),
        ],
      }),
    );
    const first = screen.getByTestId('release-step-0');
    expect(within(first).getByText('baking')).toBeInTheDocument();
    expect(
      within(first).getByText(/cells dev-1 · canary 1 replica/),
    ).toBeInTheDocument();
    expect(within(first).getByText('Targets: dev-1 → 1')).toBeInTheDocument();
    expect(within(first).getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '50',
    );
    const gates = within(first).getByRole('table', { name: 'Gates of step 1' });
    expect(within(gates).getByText('1/1 pods Ready')).toBeInTheDocument();
    expect(within(gates).getByText('< 0.01')).toBeInTheDocument();
    expect(within(gates).getByText('0 / 1')).toBeInTheDocument();
    expect(
      within(gates).getByText('dev-1: 0.00200 (successful)'),
    ).toBeInTheDocument();
    expect(
      within(gates).getByText('dev-1: no value (inconclusive)'),
    ).toBeInTheDocument();

    const second = screen.getByTestId('release-step-1');
    expect(within(second).getByText('pending')).toBeInTheDocument();
    expect(within(second).queryByRole('progressbar')).toBeNull();
    expect(within(second).getByText(/canary 100%/)).toBeInTheDocument();

    const timeline = screen.getByRole('table', { name: 'Release timeline' });
    expect(
      within(timeline).getByText('v3 scaled to 1 in dev-1'),
    ).toBeInTheDocument();
    // people by their catalog display name
    expect(
      await within(timeline).findByText('Alice Example'),
    ).toBeInTheDocument();
  });

  it('shows a finished release as finished: no running step, gate or current chip', async () => {
    const bake = {
      name: 'bake',
      kind: 'bake' as const,
      phase: 'running' as const,
      message: '40s',
    };
    await renderTimeline(
      release({
        state: 'succeeded',
        currentStep: 1,
        finishedAt: '2026-01-01T10:05:00.000Z',
        steps: [
          step(0, {
            state: 'succeeded',
            gates: [{ ...bake, phase: 'successful' }],
          }),
          step(1, { state: 'baking', gates: [bake] }),
        ],
      }),
    );
    const second = screen.getByTestId('release-step-1');
    expect(within(second).getByText('succeeded')).toBeInTheDocument();
    expect(within(second).queryByText('baking')).toBeNull();
    expect(within(second).queryByText('current')).toBeNull();
    expect(within(second).queryByRole('progressbar')).toBeNull();
    expect(within(second).getByText('baked 60s')).toBeInTheDocument();
    expect(within(second).queryByText('running')).toBeNull();
  });

  it('shows the steps a rolled-back release never ran as not run', async () => {
    await renderTimeline(
      release({
        state: 'rolled-back',
        reason: 'gate error ratio failed',
        steps: [step(0, { state: 'failed' }), step(1)],
      }),
    );
    const second = screen.getByTestId('release-step-1');
    expect(within(second).getByText('not run')).toBeInTheDocument();
    expect(within(second).queryByText('pending')).toBeNull();
  });

  it('counts the bake down and charts metric gates against their threshold', async () => {
    const readyAt = new Date(Date.now() - 15_000).toISOString();
    const gate = {
      name: 'error ratio',
      source: 'prometheus',
      query: 'x',
      op: '<' as const,
      threshold: 0.01,
      intervalSeconds: 10,
      failureLimit: 1,
      inconclusiveLimit: 3,
    };
    await renderTimeline(
      release({
        steps: [
          {
            ...step(0, {
              state: 'baking',
              readyAt,
              gates: [
                {
                  name: 'error ratio',
                  kind: 'metric',
                  phase: 'running',
                  threshold: '< 0.01',
                  measurements: [
                    {
                      at: readyAt,
                      cell: 'dev-1',
                      value: 0,
                      phase: 'successful',
                    },
                  ],
                },
              ],
            }),
          },
          step(1),
        ].map((s, i) =>
          i === 0 ? { ...s, plan: { ...s.plan, metrics: [gate] } } : s,
        ),
      }),
    );
    expect(screen.getByTestId('bake-countdown-0')).toHaveTextContent(
      /^bake (4[4-5]|4[0-9])s left$/,
    );
    expect(screen.getByTestId('gate-chart-error ratio')).toHaveTextContent(
      'threshold < 0.01',
    );
  });

  it.each<[string, Partial<Release>, string[]]>([
    ['running', {}, ['Promote', 'Pause', 'Abort']],
    ['finishing', { currentStep: 2 }, []],
    [
      'waiting-approval',
      {
        state: 'waiting-approval',
        steps: [step(0, { state: 'waiting-approval' }), step(1)],
      },
      ['Promote', 'Abort'],
    ],
    [
      'paused on a failed gate',
      {
        state: 'paused',
        reason: 'gate error ratio failed: 0.21 >= 0.01',
        steps: [step(0, { state: 'failed' }), step(1)],
      },
      ['Retry step', 'Abort'],
    ],
    [
      'paused on an unreachable cell',
      {
        state: 'paused',
        currentStep: 1,
        reason: 'cell dev-2 is unreachable',
        steps: [step(0, { state: 'succeeded' }), step(1, { state: 'pending' })],
      },
      ['Resume', 'Skip cell dev-2', 'Abort'],
    ],
    ['rolling-back', { state: 'rolling-back' }, []],
    ['succeeded', { state: 'succeeded' }, []],
    [
      'rolled-back',
      { state: 'rolled-back', reason: 'readiness gate failed' },
      [],
    ],
  ])('offers the actions that fit a %s release', async (_, patch, expected) => {
    await renderTimeline(release(patch));
    expect(buttonNames()).toEqual(expected);
  });

  it('offers no action to a user who may not manage releases', async () => {
    await renderTimeline(
      release({ state: 'paused', reason: 'cell dev-1 is unreachable' }),
      false,
    );
    expect(buttonNames()).toEqual([]);
    expect(screen.getByTestId('release-reason')).toHaveTextContent(
      'cell dev-1 is unreachable',
    );
  });

  it('sends skip-cell for the named cell, and abort only once confirmed', async () => {
    const onAction = await renderTimeline(
      release({
        state: 'paused',
        currentStep: 1,
        reason: 'cell dev-2 is unreachable',
        steps: [step(0, { state: 'succeeded' }), step(1)],
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Skip cell dev-2' }),
    );
    expect(onAction).toHaveBeenLastCalledWith({
      action: 'skip-cell',
      cell: 'dev-2',
    });
    await userEvent.click(screen.getByRole('button', { name: 'Abort' }));
    expect(onAction).toHaveBeenCalledTimes(1);
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Abort and roll back' }),
    );
    expect(onAction).toHaveBeenLastCalledWith({ action: 'abort' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
