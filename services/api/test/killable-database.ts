import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../src/platform/config.js";
import { freePort } from "../src/platform/embedded-database.js";

/** The FerretDB that scripts/install-ferretdb.sh builds (CI builds it; `npm run ferretdb:install` here). */
const FERRETDB = path.join(REPO_ROOT, ".data", "bin", "ferretdb");
export const ferretdbAvailable = existsSync(FERRETDB);

/**
 * A database this test can kill (SIGKILL, as a crash or a lost host would) and start again on the same port and
 * data: FerretDB on its SQLite backend in a temporary folder.
 */
export async function startKillableDatabase() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "killable-db-"));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      FERRETDB,
      [
        "--handler=sqlite",
        `--sqlite-url=file:${dir}/`,
        `--listen-addr=127.0.0.1:${port}`,
        "--debug-addr=-",
        "--telemetry=disable",
        `--state-dir=${dir}`,
        "--log-level=error",
      ],
      { stdio: "ignore" },
    );
    for (let i = 0; i < 200 && !(await answers(port)); i++) await new Promise((r) => setTimeout(r, 50));
  };
  await start();
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    async kill() {
      const exited = new Promise((r) => child!.once("exit", r));
      child!.kill("SIGKILL");
      await exited;
    },
    restart: start,
    async stop() {
      if (child && child.exitCode === null && child.signalCode === null) await this.kill();
    },
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
