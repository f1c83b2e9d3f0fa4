import { looksLikePhoneNumber } from "./phone";

/**
 * Filling canned replies in the composer. The API owns the variables' grammar (it refuses a reply with an unknown
 * variable or an unclosed `{{`, and lists each reply's `variables`), so here a reply's own variables are replaced and
 * nothing else is parsed. A variable without a value leaves a visible placeholder the agent must replace before
 * sending: a customer never receives `{{contact.firstName}}`, nor `[first name]`.
 */

/** What the composer knows, by variable name (`contact.firstName`); null or empty: missing. */
export type TemplateValues = Readonly<Record<string, string | null | undefined>>;

/** A placeholder left in the text, and what the agent should write instead. */
export interface Placeholder {
  text: string;
  what: string;
}

const PLACEHOLDERS: Record<string, Placeholder> = {
  "contact.firstName": { text: "[first name]", what: "the customer's first name" },
  "agent.firstName": { text: "[your first name]", what: "your first name" },
  "account.name": { text: "[company name]", what: "your company's name" },
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `template` with each of its `variables` (`{{name}}`, spaces inside allowed) replaced by its value or placeholder. */
export function fillTemplate(template: string, variables: readonly string[], values: TemplateValues): { text: string; placeholders: Placeholder[] } {
  if (!variables.length) return { text: template, placeholders: [] };
  const placeholders = new Map<string, Placeholder>();
  // One pass, so that a value holding "{{…}}" (a contact named so) is never filled in turn.
  const token = new RegExp(`\\{\\{\\s*(${variables.map(escapeRegExp).join("|")})\\s*\\}\\}`, "g");
  const text = template.replace(token, (_, name: string) => {
    const value = values[name]?.trim();
    if (value) return value;
    const placeholder = PLACEHOLDERS[name] ?? { text: `[${name}]`, what: name };
    placeholders.set(placeholder.text, placeholder);
    return placeholder.text;
  });
  return { text, placeholders: [...placeholders.values()] };
}

/** The first word of a person's name; none for a contact named by their phone number (or nameless). */
export function firstNameOf(name: string | null | undefined): string | null {
  const trimmed = name?.trim();
  if (!trimmed || looksLikePhoneNumber(trimmed)) return null;
  return trimmed.split(/\s+/)[0];
}

/** Of the placeholders a template left, those still in the text (each once). */
export function placeholdersLeft(text: string, inserted: readonly Placeholder[]): Placeholder[] {
  return [...new Map(inserted.filter((p) => text.includes(p.text)).map((p) => [p.text, p])).values()];
}

/** Why a text with template leftovers cannot be sent, in words; null when there are none. */
export function unfilledReason(text: string, inserted: readonly Placeholder[]): string | null {
  const left = placeholdersLeft(text, inserted);
  if (left.length) return `Replace ${left.map((p) => `${p.text} with ${p.what}`).join(" and ")} before sending.`;
  if (/\{\{[^{}]*\}\}/.test(text)) return "Fill in or remove the {{…}} before sending: the customer would receive it as it is.";
  return null;
}

/** The `/shortcut` being typed at the caret (at the start, or after a space or line break), as [start, end) and its query. */
export function slashQueryAt(text: string, caret: number): { start: number; end: number; query: string } | null {
  const match = /(?:^|\s)\/([^\s/]*)$/.exec(text.slice(0, caret));
  if (!match) return null;
  const rest = /^[^\s/]*/.exec(text.slice(caret))![0];
  return { start: caret - match[1].length - 1, end: caret + rest.length, query: match[1] };
}

/**
 * The replies a slash query finds: its shortcut exactly, then shortcuts starting with it, then shortcuts or titles
 * holding it (case-insensitive); otherwise in the order given (by title).
 */
export function matchingReplies<T extends { title: string; shortcut?: string | null }>(replies: readonly T[], query: string): T[] {
  const q = query.toLowerCase();
  const rank = (reply: T) => {
    const shortcut = reply.shortcut?.replace(/^\//, "") ?? "";
    if (q && shortcut === q) return 0;
    if (reply.shortcut && shortcut.startsWith(q)) return 1;
    if ((q && shortcut.includes(q)) || reply.title.toLowerCase().includes(q)) return 2;
    return -1;
  };
  return replies
    .map((reply) => ({ reply, rank: rank(reply) }))
    .filter((r) => r.rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .map((r) => r.reply);
}
