import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layout's import rules (ARCHITECTURE.md), checked on the source itself; ESLint's no-restricted-imports says the
 * same in the editor. A file breaking one fails here with the file and the import.
 */
const SRC = path.resolve(import.meta.dirname, "..");
const DOMAINS = ["accounts", "auth", "calls", "canned-replies", "contacts", "conversations", "phone-numbers", "sms", "timeline"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : d.name.endsWith(".ts") && !d.name.endsWith(".test.ts") ? [path.join(dir, d.name)] : [],
  );
}

/** Every module a file imports statically (import/export … from, import "…", and import("literal")). */
function importsOf(text: string): string[] {
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|(?:^|\n)\s*import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g),
  ];
  return specifiers.map((m) => m[1] ?? m[2] ?? m[3]);
}

/** The top folder under src/ that an import resolves to, or the package name. */
function targetOf(file: string, specifier: string): string {
  if (!specifier.startsWith(".")) return `package:${specifier}`;
  const resolved = path.relative(SRC, path.resolve(path.dirname(file), specifier));
  return resolved.split(path.sep)[0];
}

const folderOf = (file: string) => path.relative(SRC, file).split(path.sep)[0];

type Rule = (from: string, to: string) => boolean;

function violations(rule: Rule, files: Record<string, string> = Object.fromEntries(sourceFiles(SRC).map((f) => [f, readFileSync(f, "utf8")]))) {
  const found: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    for (const specifier of importsOf(text)) {
      const to = targetOf(file, specifier);
      if (!rule(folderOf(file), to)) found.push(`${path.relative(SRC, file)} imports ${specifier}`);
    }
  }
  return found;
}

const isPackage = (to: string) => to.startsWith("package:");

describe("the API's layout", () => {
  const platformRule: Rule = (from, to) => from !== "platform" || to === "platform" || isPackage(to);

  it("keeps platform/ free of domains: it imports only itself and packages", () => {
    expect(violations(platformRule)).toEqual([]);
  });

  it("keeps twilio/ an adapter: it imports platform/, itself and packages only", () => {
    expect(violations((from, to) => from !== "twilio" || ["platform", "twilio"].includes(to) || isPackage(to))).toEqual([]);
  });

  it("lets no domain import the composition root, the development tools or the CLI", () => {
    expect(violations((from, to) => !DOMAINS.includes(from) || !["app", "dev", "cli"].includes(to))).toEqual([]);
  });

  it("lets no production code import dev/ or the simulator statically (app/ loads dev/ only in development)", () => {
    const devOnly = (to: string) => to === "dev" || to.startsWith("package:@talkdesk-sms/twilio-simulator");
    expect(violations((from, to) => ["dev", "cli"].includes(from) || !devOnly(to))).toEqual([]);
  });

  it("finds a breach when there is one (the check itself works)", () => {
    const file = path.join(SRC, "platform", "example.ts");
    const breach = `import { getContact } from "../contacts/contact.service.js";\nimport type { Config } from "./config.js";\nconst later = import("../sms/sms.resolver.js");`;
    expect(violations(platformRule, { [file]: breach })).toEqual([
      "platform/example.ts imports ../contacts/contact.service.js",
      "platform/example.ts imports ../sms/sms.resolver.js",
    ]);
  });
});
