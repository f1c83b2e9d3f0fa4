import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import { startStack, type Stack } from "./stack";

declare module "vitest" {
  export interface ProvidedContext {
    apiUrl: string;
    webUrl: string;
    /** POST <controlUrl>/restart-api restarts the API (tests run in a worker; the stack lives here). */
    controlUrl: string;
  }
}

function controlServer(stack: Stack) {
  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url === "/restart-api") {
      stack.restartApi().then(
        () => res.writeHead(204).end(),
        (err: Error) => res.writeHead(500).end(err.message),
      );
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** One real stack for the whole e2e run; always stopped, even when a test fails or the run is interrupted. */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const stack = await startStack();
  console.log(`e2e stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: API ${stack.apiUrl}, web ${stack.webUrl}`);
  project.provide("apiUrl", stack.apiUrl);
  project.provide("webUrl", stack.webUrl);
  const control = await controlServer(stack);
  project.provide("controlUrl", control.url);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await control.close();
    await stack.stop();
  };
  const onSignal = () => void stop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return async () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await stop();
  };
}
