/**
 * GraphQL Code Generator: typed documents for web/ from the API's committed schema.
 *
 * Run from the repo root (`npm run codegen`) or from web/ (`npm run codegen -w web`,
 * i.e. `graphql-codegen --config ../codegen.ts`): every path is resolved against this
 * file's directory, so the working directory does not matter.
 *
 * The output (web/src/gql/) is committed; regenerate it whenever schema.graphql or a
 * document in web/src changes. possible-types.ts lists the concrete types of each interface and
 * union, so that the Apollo cache matches fragments on `Entry` without a hand-kept list.
 */
import path from "node:path";
import type { CodegenConfig } from "@graphql-codegen/cli";

const root = import.meta.dirname;
const fromRoot = (p: string) => path.resolve(root, p);

const config: CodegenConfig = {
  overwrite: true,
  schema: fromRoot("schema.graphql"),
  documents: [fromRoot("web/src/**/*.{ts,tsx}")],
  ignoreNoDocuments: true,
  generates: {
    [fromRoot("web/src/gql") + "/"]: {
      preset: "client",
      presetConfig: {
        // Components receive masked fragment refs and read them with getFragmentData/useFragment.
        fragmentMasking: { unmaskFunctionName: "getFragmentData" },
      },
      config: {
        // client-preset 6 replaced `enumsAsTypes: true` with this (string-literal unions, no TS enums).
        enumType: "string-literal",
        useTypeImports: true,
        scalars: { DateTimeISO: "string" },
        strictScalars: true,
      },
    },
    [fromRoot("web/src/gql/possible-types.ts")]: {
      plugins: ["fragment-matcher"],
      config: { apolloClientVersion: 3 },
    },
  },
};

export default config;
