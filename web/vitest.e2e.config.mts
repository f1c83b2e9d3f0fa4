import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * End-to-end tests in a real browser (Debian's Chromium through playwright-core) against the real stack: the global
 * setup starts the API (built-in Twilio simulator, a fresh database) and a production build of this app.
 */
export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.test.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    // One browser, one stack: files run one after the other in a single worker.
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Setup builds the app (≈20-40 s on two cores) and starts the API.
    teardownTimeout: 30_000,
  },
});
