import { lexicographicSortSchema, printSchema } from "graphql";
import { buildAppSchema } from "./schema.js";

const HEADER = "# Generated from the type-graphql classes by `npm run schema`. Do not edit: CI checks it is fresh.\n\n";

export async function printSchemaSdl(): Promise<string> {
  return HEADER + printSchema(lexicographicSortSchema(await buildAppSchema())) + "\n";
}
