import "reflect-metadata";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../platform/config.js";
import { printSchemaSdl } from "../app/print-schema.js";

// classes → schema.graphql (committed; CI fails when it is stale) → codegen for the web app.
const file = path.join(REPO_ROOT, "schema.graphql");
writeFileSync(file, await printSchemaSdl());
console.log(`Wrote ${path.relative(process.cwd(), file)}`);
