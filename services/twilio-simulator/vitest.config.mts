import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // As in services/api, where these tests ran before: a whole call flow in auto mode takes a few seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
