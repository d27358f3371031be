import { mergeOperations, totals } from './mergeOperations';

describe('mergeOperations', () => {
  it('puts each source’s counts on its date, zeros where a source is missing', () => {
    const days = mergeOperations({
      cells: [
        { date: '2026-12-05', deploys: 1, releases: 2, rollbacks: 0, scalings: 3 },
        { date: '2026-12-06', deploys: 4, releases: 0, rollbacks: 1, scalings: 0 },
      ],
      builds: [
        { date: '2026-12-06', builds: 5, failed: 2 },
        { date: '2026-12-04', builds: 1, failed: 0 },
      ],
      registry: undefined,
    });
    expect(days).toEqual([
      { date: '2026-12-04', deploys: 0, releases: 0, rollbacks: 0, scalings: 0, builds: 1, failedBuilds: 0, pushes: 0 },
      { date: '2026-12-05', deploys: 1, releases: 2, rollbacks: 0, scalings: 3, builds: 0, failedBuilds: 0, pushes: 0 },
      { date: '2026-12-06', deploys: 4, releases: 0, rollbacks: 1, scalings: 0, builds: 5, failedBuilds: 2, pushes: 0 },
    ]);
    expect(totals(days)).toEqual({ deploys: 5, releases: 2, rollbacks: 1, scalings: 3, builds: 6, pushes: 0 });
  });
});
