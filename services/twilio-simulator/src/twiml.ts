/**
 * A small TwiML reader for the fake Twilio: enough XML to read what a voice webhook answers (elements, attributes,
 * text, the five named entities and numeric character references, comments, CDATA, an XML declaration). No DTDs, no
 * namespaces. Names are case-sensitive, as in TwiML (`<Dial>`, not `<dial>`).
 */

export interface TwimlElement {
  name: string;
  /** Attribute values with entities decoded (`&amp;` → `&`). */
  attributes: Record<string, string>;
  children: TwimlNode[];
}

/** An element, or a run of text (entities decoded). */
type TwimlNode = TwimlElement | string;

class TwimlParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at character ${position}`);
  }
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Parses one XML document and returns its root element (for TwiML, `<Response>`). Throws TwimlParseError. */
export function parseTwiml(xml: string): TwimlElement {
  let pos = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  let root: TwimlElement | undefined;
  const stack: TwimlElement[] = [];

  const fail = (message: string): never => {
    throw new TwimlParseError(message, pos);
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const match = NAME.exec(xml);
    if (!match) fail("Expected a name");
    pos += match![0].length;
    return match![0];
  };
  const skipSpace = () => {
    while (pos < xml.length && /\s/.test(xml[pos])) pos++;
  };
  const skipPast = (end: string, what: string) => {
    const at = xml.indexOf(end, pos);
    if (at < 0) fail(`Unterminated ${what}`);
    const content = xml.slice(pos, at);
    pos = at + end.length;
    return content;
  };

  while (pos < xml.length) {
    if (xml[pos] !== "<") {
      const next = xml.indexOf("<", pos);
      const text = xml.slice(pos, next < 0 ? xml.length : next);
      if (stack.length > 0) stack[stack.length - 1].children.push(decodeEntities(text, pos));
      else if (text.trim() !== "") fail("Text outside the root element");
      pos = next < 0 ? xml.length : next;
      continue;
    }
    if (xml.startsWith("<?", pos)) {
      pos += 2;
      skipPast("?>", "processing instruction");
    } else if (xml.startsWith("<!--", pos)) {
      pos += 4;
      skipPast("-->", "comment");
    } else if (xml.startsWith("<![CDATA[", pos)) {
      pos += 9;
      const text = skipPast("]]>", "CDATA section");
      if (stack.length === 0) fail("CDATA outside the root element");
      stack[stack.length - 1].children.push(text);
    } else if (xml.startsWith("<!", pos)) {
      // <!DOCTYPE ...>: skipped (no internal subsets).
      pos += 2;
      skipPast(">", "declaration");
    } else if (xml.startsWith("</", pos)) {
      pos += 2;
      const name = readName();
      skipSpace();
      if (xml[pos] !== ">") fail(`Expected ">" to close </${name}`);
      pos++;
      const open = stack.pop();
      if (!open || open.name !== name) fail(`Unexpected </${name}>${open ? `, expected </${open.name}>` : ""}`);
    } else {
      pos++;
      const element: TwimlElement = { name: readName(), attributes: {}, children: [] };
      for (;;) {
        const before = pos;
        skipSpace();
        if (xml.startsWith("/>", pos) || xml[pos] === ">") break;
        if (pos === before) fail(`Expected whitespace before an attribute of <${element.name}>`);
        const attr = readName();
        skipSpace();
        if (xml[pos] !== "=") fail(`Expected "=" after attribute ${attr}`);
        pos++;
        skipSpace();
        const quote = xml[pos];
        if (quote !== '"' && quote !== "'") fail(`Expected a quoted value for attribute ${attr}`);
        pos++;
        const start = pos;
        const raw = skipPast(quote, `value of attribute ${attr}`);
        if (raw.includes("<")) throw new TwimlParseError(`"<" in the value of attribute ${attr}`, start);
        if (attr in element.attributes) throw new TwimlParseError(`Duplicate attribute ${attr}`, start);
        element.attributes[attr] = decodeEntities(raw, start);
      }
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      else if (root) fail("More than one root element");
      else root = element;
      if (xml[pos] === "/") {
        pos += 2;
      } else {
        pos++;
        stack.push(element);
      }
    }
  }
  if (stack.length > 0) fail(`Unclosed <${stack[stack.length - 1].name}>`);
  if (!root) fail("No root element");
  return root!;
}

/** The text inside an element (its own text and its descendants'), trimmed. */
export function textOf(element: TwimlElement): string {
  return element.children
    .map((child) => (typeof child === "string" ? child : textOf(child)))
    .join("")
    .trim();
}

/** The child elements, text dropped. */
export function elementsOf(element: TwimlElement): TwimlElement[] {
  return element.children.filter((child): child is TwimlElement => typeof child !== "string");
}

/** An attribute read as a whole number ≥ 0 (`length`, `maxLength`), or `fallback` when absent or not one. */
export function intAttribute(value: string | undefined, fallback: number): number {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

function decodeEntities(text: string, at: number): string {
  return text.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(";")) throw new TwimlParseError(`Unescaped "&"`, at);
    if (name.startsWith("#")) {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) throw new TwimlParseError(`Bad character reference &${name};`, at);
      return String.fromCodePoint(code);
    }
    const value = ENTITIES[name];
    if (value === undefined) throw new TwimlParseError(`Unknown entity &${name};`, at);
    return value;
  });
}
