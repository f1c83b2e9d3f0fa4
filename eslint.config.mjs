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
const API_DOMAINS = ["accounts", "auth", "calls", "canned-replies", "contacts", "conversations", "phone-numbers", "sms", "timeline"];
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

/** The console's customer phone drives the API's simulator: only shell/ loads it, with import(), when the API has one. */
const NO_DEV_PHONE = {
  group: ["@/features/dev-phone", "@/features/dev-phone/*"],
  message: "The customer phone is development-only: shell/ loads it with import() when serverInfo says the simulator runs.",
};
/** Another folder is imported by its `@/` path, so that what a folder depends on shows in its imports. */
const NO_PARENT_PATHS = { group: ["../*"], message: "Import other folders of web/src by their @/ path." };
const WEB_TESTS = ["web/src/**/*.test.ts", "web/src/**/*.test.tsx"];

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

  // Webhook paths are spelled once (twilio/webhook-paths.ts): routes and callback URLs are built from WebhookPath.
  {
    files: ["services/**/*.ts"],
    ignores: ["services/api/src/twilio/webhook-paths.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...["Literal[value=/\\/webhooks\\/twilio/]", "TemplateElement[value.raw=/\\/webhooks\\/twilio/]"].map((selector) => ({
          selector,
          message: "Build webhook URLs from WebhookPath / webhookUrl (twilio/webhook-paths.ts), not a literal path.",
        })),
      ],
    },
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
      // App Router only: there is no pages/ directory for this rule to read.
      "@next/next/no-html-link-for-pages": "off",
    },
  },

  // ── Web console import boundaries: app/ (routes) → shell/ → features/ → ui/, apollo/ → lib/ ──
  {
    // Routes, the shell and the features: nobody imports the customer phone statically.
    files: ["web/src/**/*.{ts,tsx}"],
    ignores: ["web/src/features/dev-phone/**", ...WEB_TESTS],
    rules: { "no-restricted-imports": ["error", { patterns: [NO_DEV_PHONE, NO_PARENT_PATHS] }] },
  },
  {
    // A feature builds on ui/, apollo/, lib/ and other features; the shell and the routes compose features.
    files: ["web/src/features/**/*.{ts,tsx}"],
    ignores: ["web/src/features/dev-phone/**", ...WEB_TESTS],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            NO_DEV_PHONE,
            NO_PARENT_PATHS,
            { group: ["@/shell", "@/shell/*", "@/app/*"], message: "A feature does not import the shell or a route: they import features." },
          ],
        },
      ],
    },
  },
  {
    // ui/ (primitives) and apollo/ (the client, generic cache code) know no feature.
    files: ["web/src/{ui,apollo}/**/*.{ts,tsx}"],
    ignores: WEB_TESTS,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            NO_PARENT_PATHS,
            { group: ["@/features/*", "@/shell", "@/shell/*", "@/app/*"], message: "ui/ and apollo/ import no feature, no shell, no route." },
          ],
        },
      ],
    },
  },
  {
    // lib/ holds pure helpers: they import packages and lib/ only.
    files: ["web/src/lib/**/*.ts"],
    ignores: WEB_TESTS,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [NO_PARENT_PATHS, { group: ["@/*", "!@/lib", "!@/lib/*"], message: "lib/ is pure helpers: it imports packages and lib/ only." }],
        },
      ],
    },
  },
  prettier,
);
