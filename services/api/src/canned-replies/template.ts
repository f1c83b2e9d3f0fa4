import { badInput, quote } from "../platform/errors.js";

/**
 * The variables a canned reply may hold, written `{{contact.firstName}}` (spaces inside the braces allowed:
 * `{{ contact.firstName }}`). The console fills them when an agent inserts the reply; the API only checks them, so
 * that a saved reply never holds a `{{` the console cannot fill. The grammar lives here alone: the API exposes the
 * list (`cannedReplyVariables`) and each reply's own (`CannedReply.variables`), so the console keeps no copy of it.
 */
export const CANNED_REPLY_VARIABLES = ["contact.firstName", "agent.firstName", "account.name"] as const;

const KNOWN = new Set<string>(CANNED_REPLY_VARIABLES);
const LISTED = CANNED_REPLY_VARIABLES.map((name) => `{{${name}}}`);
const VALID_ONES = `${LISTED.slice(0, -1).join(", ")} or ${LISTED[LISTED.length - 1]}`;

/** One `{{…}}` of a text, or a `{{` that never closes (`name` undefined). */
interface Token {
  at: number;
  name?: string;
}

function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  for (let at = text.indexOf("{{"); at !== -1;) {
    const end = text.indexOf("}}", at + 2);
    if (end === -1) {
      tokens.push({ at });
      break;
    }
    tokens.push({ at, name: text.slice(at + 2, end).trim() });
    at = text.indexOf("{{", end + 2);
  }
  return tokens;
}

/** The variables a checked text uses, each once, in the order they first appear. */
export function variablesIn(text: string): string[] {
  return [...new Set(tokensOf(text).flatMap((t) => (t.name && KNOWN.has(t.name) ? [t.name] : [])))];
}

/**
 * Refuses a text holding an unknown variable or a `{{` that never closes, with a sentence listing the valid ones.
 * `what` names the text in that sentence ("the body"), `field` the input field.
 */
export function checkVariables(text: string, what: string, field: string): void {
  for (const token of tokensOf(text)) {
    if (token.name === undefined) {
      throw badInput(`The "{{" at character ${token.at + 1} of ${what} is never closed with "}}": the variables are ${VALID_ONES}.`, field);
    }
    if (!KNOWN.has(token.name)) {
      throw badInput(`${quote(`{{${token.name}}}`)} in ${what} is not a variable: use ${VALID_ONES}.`, field);
    }
  }
}
