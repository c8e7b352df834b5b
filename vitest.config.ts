import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The slow reliability suites run under `npm run test:slow` (vitest.slow.config.ts).
    exclude: [...configDefaults.exclude, 'test/reliability/**/*.slow.test.ts', 'test/slow/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Integration tests start servers and embedded databases; two cores, so keep it modest.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
