import { createPubSub } from "@graphql-yoga/subscription";
import { GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from "graphql";
import { describe, expect, it } from "vitest";
import { sharedSubscribe } from "./shared-subscription.js";

interface Ctx {
  account: string;
  agent?: string;
}

/** A real schema and a real pub/sub: `message(prefix)` resolves each event once per execution and counts them. */
function fixture() {
  const pubSub = createPubSub<{ message: [account: string, payload: { text: string }] }>();
  const executions: string[] = [];
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: "Subscription",
      fields: {
        refused: {
          type: GraphQLString,
          subscribe: () => {
            throw new GraphQLError("Not yours.", { extensions: { code: "NOT_FOUND" } });
          },
        },
        message: {
          type: GraphQLString,
          args: { prefix: { type: GraphQLString } },
          subscribe: (_root, _args, ctx: Ctx) => pubSub.subscribe("message", ctx.account),
          resolve: (event: { text: string }, args: { prefix?: string }, ctx: Ctx) => {
            executions.push(event.text);
            return `${args.prefix ?? ""}${event.text} for ${ctx.agent ?? "the account"}`;
          },
        },
      },
    }),
  });
  const subscribe = sharedSubscribe((contextValue) => {
    const ctx = contextValue as Ctx;
    return { key: ctx.account, contextValue: { account: ctx.account } };
  });
  const open = async (ctx: Ctx, query = "subscription { message }", variableValues?: Record<string, unknown>) => {
    const stream = (await subscribe({ schema, document: parse(query), contextValue: ctx, variableValues })) as AsyncGenerator<ExecutionResult>;
    return stream;
  };
  return { pubSub, executions, open };
}

describe("sharedSubscribe", () => {
  it("executes each event once for the subscribers of one account with one operation, apart for the others", async () => {
    const { pubSub, executions, open } = fixture();
    const ana = await open({ account: "a", agent: "ana" });
    const ben = await open({ account: "a", agent: "ben" });
    const prefixed = await open({ account: "a", agent: "cy" }, "subscription ($p: String) { message(prefix: $p) }", { p: "> " });
    const other = await open({ account: "b", agent: "dee" });
    const next = [ana.next(), ben.next(), prefixed.next(), other.next()];
    pubSub.publish("message", "a", { text: "hello" });
    pubSub.publish("message", "b", { text: "bye" });
    const [a, b, p, o] = await Promise.all(next);

    // The account's shared execution sees the account, never one agent: Ana's name does not reach Ben.
    expect(a.value).toEqual({ data: { message: "hello for the account" } });
    expect(b.value).toBe(a.value);
    expect(p.value).toEqual({ data: { message: "> hello for the account" } });
    expect(o.value).toEqual({ data: { message: "bye for the account" } });
    // One execution for Ana and Ben, one for the other operation, one for the other account.
    expect(executions.sort()).toEqual(["bye", "hello", "hello"]);

    // The same payload published again is a new event: executed again, once.
    const again = [ana.next(), ben.next()];
    pubSub.publish("message", "a", { text: "hello" });
    await Promise.all(again);
    expect(executions.filter((t) => t === "hello")).toHaveLength(3);
  });

  it("ends a subscription at once when asked, without waiting for another event", async () => {
    const { pubSub, open } = fixture();
    const ana = await open({ account: "a" });
    const pending = ana.next();
    await expect(ana.return(undefined)).resolves.toEqual({ value: undefined, done: true });
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    pubSub.publish("message", "a", { text: "late" });
    await expect(ana.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("answers a refused subscription with its errors, as graphql's subscribe does", async () => {
    const { open } = fixture();
    expect(await open({ account: "a" }, "subscription { refused }")).toMatchObject({
      errors: [{ message: "Not yours.", extensions: { code: "NOT_FOUND" } }],
    });
  });
});
