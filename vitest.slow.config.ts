import { defineConfig } from 'vitest/config';

/**
 * `npm run test:slow`: the reliability suites that take minutes or restart things (Postgres restart,
 * SIGKILL of a server process, 10 000 events). Kept out of `npm test`; CI runs them after the
 * Postgres run.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.slow.test.ts', 'test/slow/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One at a time: they load the machine on purpose and one of them restarts the database server.
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
  },
});
