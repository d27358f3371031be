import { render, screen } from '@testing-library/react';
import { describeTime, RelativeTime } from './RelativeTime';

const now = new Date('2026-12-06T08:00:00Z');

describe('RelativeTime', () => {
  it('describes a time relative to now, with the absolute time', () => {
    expect(describeTime('2026-12-06T07:57:00Z', now)?.relative).toBe('3 minutes ago');
    expect(describeTime('2026-12-06T07:59:50Z', now)?.relative).toBe('just now');
    expect(describeTime('2027-01-05T08:00:00Z', now)?.relative).toBe('in 30 days');
    expect(describeTime('2026-12-06T07:57:00Z', now)?.absolute).toMatch(/2026/);
    expect(describeTime('not a time', now)).toBeUndefined();
  });

  it('renders a <time> with the absolute time for hover and assistive technology', () => {
    render(<RelativeTime value="2026-12-06T06:00:00Z" now={now} />);
    const time = screen.getByText('2 hours ago');
    expect(time.tagName).toBe('TIME');
    expect(time.getAttribute('datetime')).toMatch(/^2026-12-06T/);
    expect(time.getAttribute('aria-label')).toMatch(/December 6, 2026|6 December 2026/);
  });

  it('shows a dash without a value', () => {
    render(<RelativeTime value={undefined} />);
    expect(screen.getByText('—')).toBeInTheDocument();
  });
});
