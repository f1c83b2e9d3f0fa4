import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { ClientReply, ClientRequest, GraphqlResult, GraphqlSpec, PostResult, PostSpec, SubscribeSpec, SubscriberStats } from "./protocol.js";
import { sleep } from "./stats.js";

const CLIENT = path.resolve(import.meta.dirname, "../client.bench.ts");

type Op<R extends ClientRequest> = R extends unknown ? Omit<R, "id"> : never;

/** The load generator in a child process (bench/client.bench.ts): webhooks out, subscribers in. */
export interface LoadClient {
  post(spec: PostSpec): Promise<PostResult>;
  /** One GraphQL request, sent by the load generator. */
  graphql(spec: GraphqlSpec): Promise<GraphqlResult>;
  subscribe(spec: SubscribeSpec): Promise<{ subscribers: number }>;
  stats(reset?: boolean): Promise<SubscriberStats>;
  unsubscribe(): Promise<unknown>;
  /** Calls `probe` (an event for every subscriber) until each has received one, then resets the tallies. */
  untilAllReceive(probe: () => Promise<unknown>, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startLoadClient(): Promise<LoadClient> {
  // The child loads TypeScript as this process does, without this process's profiling flags.
  const execArgv = process.execArgv.filter((a) => !a.startsWith("--cpu-prof"));
  const child: ChildProcess = fork(CLIENT, [], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 0;
  child.on("message", (reply: ClientReply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiter?.resolve(reply.value);
    else waiter?.reject(new Error(`load client: ${reply.error}`));
  });
  child.on("exit", (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`load client exited (${code})`));
    pending.clear();
  });
  const call = <T>(request: Op<ClientRequest>) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...request, id });
    });
  const client: LoadClient = {
    post: (spec) => call({ op: "post", spec }),
    graphql: (spec) => call({ op: "graphql", spec }),
    subscribe: (spec) => call({ op: "subscribe", spec }),
    stats: (reset = false) => call({ op: "stats", reset }),
    unsubscribe: () => call({ op: "unsubscribe" }),
    async untilAllReceive(probe, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await probe();
        await sleep(250);
        const s = await client.stats();
        if (s.receivedBy >= s.subscribers) break;
        if (Date.now() > deadline) throw new Error(`only ${s.receivedBy} of ${s.subscribers} subscribers receive events`);
      }
      await sleep(500);
      await client.stats(true);
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.disconnect();
      await exited;
    },
  };
  return client;
}
