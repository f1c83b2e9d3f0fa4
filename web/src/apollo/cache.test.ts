import { readFileSync } from "node:fs";
import { buildSchema, isInterfaceType, isUnionType } from "graphql";
import { describe, expect, it } from "vitest";
import { possibleTypes } from "./cache";

describe("possibleTypes", () => {
  it("lists every implementation of every interface and union of schema.graphql", () => {
    const schema = buildSchema(readFileSync(new URL("../../../schema.graphql", import.meta.url), "utf8"));
    const expected: Record<string, string[]> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      if (isInterfaceType(type) || isUnionType(type)) {
        expected[type.name] = schema
          .getPossibleTypes(type)
          .map((t) => t.name)
          .sort();
      }
    }
    const actual = Object.fromEntries(Object.entries(possibleTypes).map(([k, v]) => [k, [...v].sort()]));
    expect(actual).toEqual(expected);
  });
});
