// One lint configuration for every workspace (each workspace's `lint` script runs `eslint .`, which finds this file).
// Prettier owns formatting (`prettier --check` in the root `lint`); ESLint owns correctness and the import boundaries
// that keep each folder to its role (see ARCHITECTURE.md).
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import prettier from "eslint-config-prettier";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** The API's domain folders: each owns its models, services, resolvers and webhooks. */
const API_DOMAINS = ["accounts", "auth", "calls", "contacts", "conversations", "phone-numbers", "sms", "timeline"];
const NO_SIMULATOR = {
  group: ["@talkdesk-sms/twilio-simulator", "@talkdesk-sms/twilio-simulator/*"],
  message: "Only dev/ and tests may use the simulator: production code never loads it.",
};
/** Production files matching `files` may import none of `patterns` (nor the simulator); tests are exempt. */
const restrictImports = (files, patterns, ignores = []) => ({
  files,
  ignores: ["**/*.test.ts", ...ignores],
  rules: { "no-restricted-imports": ["error", { patterns: [NO_SIMULATOR, ...patterns] }] },
});
const relative = (folders) => folders.flatMap((f) => [`../${f}`, `../${f}/*`, `../../${f}/*`]);

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.next/**",
      "**/.next-e2e/**",
      "**/.turbo/**",
      ".data/**",
      "web/src/gql/**",
      "web/next-env.d.ts",
      "tools/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2022, sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      // Tests read untyped GraphQL responses; production code keeps `any` out (checked below).
      "@typescript-eslint/no-explicit-any": "off",
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    files: ["services/*/src/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "error" },
  },

  // ── API import boundaries (app/boundaries.test.ts checks the same in `npm test`) ──────────────────────────────
  // One no-restricted-imports per file (a later block replaces an earlier one's options), so each block lists all
  // that applies to its files; the most specific comes last.
  // Production code never imports the simulator statically (app/ loads dev/ with a dynamic import in development).
  restrictImports(["services/api/src/**/*.ts"], [], ["services/api/src/dev/**"]),
  // Domains never reach up into the composition root or the development-only code.
  restrictImports(
    API_DOMAINS.map((d) => `services/api/src/${d}/**/*.ts`),
    [{ group: relative(["app", "dev", "cli"]), message: "A domain does not import app/, dev/ or cli/: they import domains." }],
  ),
  // twilio/ is the adapter to Twilio: it builds on platform/ and knows no domain.
  restrictImports(
    ["services/api/src/twilio/**/*.ts"],
    [{ group: ["../*", "!../platform", "!../platform/*"], message: "twilio/ is an adapter: it imports platform/ and packages only." }],
  ),
  // platform/ is the domain-free base every other folder builds on: it imports packages and itself only.
  restrictImports(
    ["services/api/src/platform/**/*.ts"],
    [{ group: ["../*"], message: "platform/ knows no domain, no app/, no twilio/: import only from platform/ and packages." }],
  ),

  // ── Web console ──────────────────────────────────────────────────────────────
  {
    files: ["web/**/*.{ts,tsx,mts}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    settings: { next: { rootDir: "web" } },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  prettier,
);
