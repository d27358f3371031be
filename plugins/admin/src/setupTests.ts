import '@testing-library/jest-dom';

// jsdom has no ResizeObserver; recharts' ResponsiveContainer observes its size with one
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as any).ResizeObserver ??= NoopResizeObserver;
