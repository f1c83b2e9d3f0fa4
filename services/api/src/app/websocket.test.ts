import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";

/** Opens a graphql-ws socket as a browser would (headers), sends connection_init, and says how it ended. */
function connect(app: TestApp, opts: { headers?: Record<string, string>; payload?: Record<string, unknown>; frame?: string }) {
  return new Promise<{ acked: boolean; closeCode?: number }>((resolve) => {
    const socket = new WebSocket(`${app.url.replace("http", "ws")}/graphql`, "graphql-transport-ws", { headers: opts.headers });
    socket.on("open", () => socket.send(opts.frame ?? JSON.stringify({ type: "connection_init", payload: opts.payload ?? {} })));
    socket.on("message", (data) => {
      if (JSON.parse(String(data)).type === "connection_ack") {
        socket.close();
        resolve({ acked: true });
      }
    });
    socket.on("close", (code) => resolve({ acked: false, closeCode: code }));
    socket.on("error", () => {});
  });
}

describe("the GraphQL WebSocket", () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
    tenant = await createTenant("Sockets");
  });
  afterAll(() => app.close());

  const cookie = () => `td_session=${tenant.token}`;

  it("refuses a cookie-authenticated socket from another site (cross-site WebSocket hijacking) with 4403", async () => {
    expect(await connect(app, { headers: { cookie: cookie(), origin: "https://evil.example" } })).toEqual({ acked: false, closeCode: 4403 });
    expect(await connect(app, { headers: { cookie: cookie() } })).toEqual({ acked: false, closeCode: 4403 });
  });

  it("accepts the cookie from the console's origin and the API's own, and a bearer token from anywhere", async () => {
    expect(await connect(app, { headers: { cookie: cookie(), origin: app.config.webOrigin } })).toEqual({ acked: true });
    expect(await connect(app, { headers: { cookie: cookie(), origin: new URL(app.config.publicUrl).origin } })).toEqual({ acked: true });
    expect(await connect(app, { headers: { origin: "https://other.example" }, payload: { authorization: `Bearer ${tenant.token}` } })).toEqual({
      acked: true,
    });
  });

  it("closes a socket that sends an oversized frame (1009) before authenticating it", async () => {
    const frame = JSON.stringify({ type: "connection_init", payload: { padding: "x".repeat(1024 * 1024) } });
    expect(await connect(app, { frame })).toEqual({ acked: false, closeCode: 1009 });
  });
});
