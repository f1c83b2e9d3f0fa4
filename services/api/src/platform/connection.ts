import { Types } from "mongoose";
import { Field, ObjectType, type ClassType } from "type-graphql";
import { badInput } from "./errors.js";

@ObjectType({ description: "Relay-style page information." })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` to get the next page." })
  endCursor: string | null;
}

interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** Declares `<Name>Edge` and `<Name>Connection` for a node type (object or interface). */
export function ConnectionType<T extends object>(name: string, nodeType: () => ClassType<T> | (abstract new (...args: never[]) => T)) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(nodeType as () => ClassType<T>)
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} nodes.` })
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  return ConnectionClass;
}

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/** Validates `first`: a page holds 1 to 100 nodes. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`\`first\` must be between 1 and ${MAX_PAGE_SIZE}; got ${first}.`, "first");
  }
  return first;
}

/** Cursors are opaque to clients: base64url of a small JSON array, tagged with the connection they belong to. */
export function encodeCursor(kind: string, values: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify([kind, ...values])).toString("base64url");
}

export function decodeCursor(kind: string, cursor: string): (string | number | null)[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed[0] === kind) return parsed.slice(1) as (string | number | null)[];
  } catch {
    /* falls through to the error below */
  }
  throw badInput(`\`after\` is not a cursor of this list: pass a pageInfo.endCursor you received from it.`, "after");
}

/** Turns `limit + 1` fetched rows into a page. */
export function toConnection<T>(rows: T[], limit: number, cursorOf: (row: T) => string): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
  };
}

/**
 * Keyset paging newest first on (`field`, `_id`): the sort, the filter for the rows after a cursor, and each row's
 * cursor. One range scan of the index {account_id, field: -1, _id: -1} per page, whatever the page's depth.
 */
export function newestFirst<T extends { _id: Types.ObjectId }>(kind: string, field: keyof T & string) {
  return {
    sort: { [field]: -1, _id: -1 } as Record<string, 1 | -1>,
    after(cursor: string): Record<string, unknown> {
      const [at, id] = decodeCursor(kind, cursor);
      const date = new Date(typeof at === "number" ? at : NaN);
      if (Number.isNaN(date.getTime()) || typeof id !== "string" || !/^[0-9a-f]{24}$/i.test(id)) decodeCursor(kind, "");
      const _id = new Types.ObjectId(id as string);
      return { $or: [{ [field]: { $lt: date } }, { [field]: date, _id: { $lt: _id } }] };
    },
    cursorOf(row: T): string {
      return encodeCursor(kind, [(row[field] as Date).getTime(), String(row._id)]);
    },
    /** One page: `find` runs the query (filter, sort, limit) on the caller's model. */
    async page<R extends T>(
      args: { first?: number | null; after?: string | null },
      filters: Record<string, unknown>[],
      find: (filter: Record<string, unknown>, sort: Record<string, 1 | -1>, limit: number) => Promise<R[]>,
    ): Promise<Connection<R>> {
      const limit = pageSize(args.first);
      const rows = await find({ $and: args.after ? [...filters, this.after(args.after)] : filters }, this.sort, limit + 1);
      return toConnection(rows, limit, (row) => this.cursorOf(row));
    },
  };
}
