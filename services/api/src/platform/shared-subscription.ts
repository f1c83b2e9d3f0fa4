import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from "graphql";

/**
 * graphql-ws's `subscribe`, executing each event once per audience instead of once per subscriber.
 *
 * graphql's own `subscribe` runs the whole selection (resolvers, loaders, type-graphql's middleware) for every
 * subscriber and every event: one SMS to an account's 1,000 open consoles was 1,000 executions of the same document
 * over the same payload. Here subscribers that share an audience key (their scope: e.g. the account) and the same
 * operation (document, operation name, variables) share one execution per event: the first subscriber to receive the
 * event executes it, the others await the same promise. Events are recognised by identity (the pub/sub hands the
 * same payload object to every listener), so a result lives as long as its event and no longer.
 *
 * What is shared is executed with `scope(contextValue).contextValue`: the caller strips from it whatever tells one
 * subscriber from another, so a resolver that looked at the individual viewer would see no viewer-specific data
 * rather than leak the first subscriber's to the rest. Without a scope (null) a subscription executes on its own.
 */
export function sharedSubscribe(scope: (contextValue: unknown) => { key: string; contextValue: unknown } | null) {
  const operations = new WeakMap<DocumentNode, string>();
  const executions = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

  return async (args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const audience = scope(args.contextValue);
    if (!audience) return mapAsyncIterable(source, (payload) => execute({ ...args, rootValue: payload }));

    let operation = operations.get(args.document);
    if (operation === undefined) operations.set(args.document, (operation = print(args.document)));
    const key = JSON.stringify([audience.key, args.operationName ?? null, args.variableValues ?? {}, operation]);
    const shared: ExecutionArgs = { ...args, contextValue: audience.contextValue };

    return mapAsyncIterable(source, (payload) => {
      if (payload === null || typeof payload !== "object") return execute({ ...shared, rootValue: payload });
      let byOperation = executions.get(payload);
      if (!byOperation) executions.set(payload, (byOperation = new Map()));
      let result = byOperation.get(key);
      if (!result) byOperation.set(key, (result = Promise.resolve(execute({ ...shared, rootValue: payload }))));
      return result;
    });
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === "function";
}

/**
 * Maps an async iterable like graphql-js's internal mapAsyncIterator: `return()` reaches the source at once (an async
 * generator would wait for the source's next event before it could end, keeping an unsubscribed listener alive).
 */
function mapAsyncIterable<T, U>(source: AsyncIterable<T>, map: (value: T) => U | Promise<U>): AsyncGenerator<U, void, void> {
  const iterator = source[Symbol.asyncIterator]();
  const settle = async (step: IteratorResult<T>): Promise<IteratorResult<U, void>> => {
    if (step.done) return { value: undefined, done: true };
    try {
      return { value: await map(step.value), done: false };
    } catch (error) {
      await iterator.return?.();
      throw error;
    }
  };
  const mapped: AsyncGenerator<U, void, void> = {
    next: async () => settle(await iterator.next()),
    return: async () => (iterator.return ? settle(await iterator.return()) : { value: undefined, done: true }),
    throw: async (error: unknown) => {
      if (iterator.throw) return settle(await iterator.throw(error));
      throw error;
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}
