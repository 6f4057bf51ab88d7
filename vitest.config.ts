import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'server/**/*.test.ts',
      'web/**/*.test.ts',
      'bench/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files in parallel, but not so many that PostgreSQL and Chromium fight.
    maxWorkers: 2,
    // expect.poll gives up after 1 s by default. Pages here refresh on timers (the console's
    // person list waits 1.5 s after a punch so a burst is one request), and the machines that
    // run the suite are shared: a poll waits for the page, not for a fixed second.
    expect: { poll: { timeout: 15_000 } },
  },
});
