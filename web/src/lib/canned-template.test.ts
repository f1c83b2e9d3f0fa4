import { describe, expect, it } from "vitest";
import { fillTemplate, firstNameOf, matchingReplies, placeholdersLeft, slashQueryAt, unfilledReason } from "./canned-template";

const LATER = "Hi {{contact.firstName}}, {{ agent.firstName }} from {{account.name}} here. I'll call you back later today.";
const VARIABLES = ["contact.firstName", "agent.firstName", "account.name"];

describe("fillTemplate", () => {
  it("fills every variable the reply uses, spaces inside the braces or not", () => {
    const values = { "contact.firstName": "Maria", "agent.firstName": "Ana", "account.name": "Acme Support" };
    expect(fillTemplate(LATER, VARIABLES, values)).toEqual({
      text: "Hi Maria, Ana from Acme Support here. I'll call you back later today.",
      placeholders: [],
    });
  });

  it("leaves a visible placeholder, once listed, where a value is missing", () => {
    const filled = fillTemplate(`${LATER} Bye {{contact.firstName}}`, VARIABLES, { "contact.firstName": " ", "agent.firstName": "Ana" });
    expect(filled.text).toBe("Hi [first name], Ana from [company name] here. I'll call you back later today. Bye [first name]");
    expect(filled.placeholders).toEqual([
      { text: "[first name]", what: "the customer's first name" },
      { text: "[company name]", what: "your company's name" },
    ]);
  });

  it("fills in one pass, takes values literally, and leaves text without variables as it is", () => {
    const filled = fillTemplate("{{contact.firstName}} / {{agent.firstName}}", ["contact.firstName", "agent.firstName"], {
      "contact.firstName": "{{agent.firstName}} $1 $&",
      "agent.firstName": "Ana",
    });
    expect(filled.text).toBe("{{agent.firstName}} $1 $& / Ana");
    expect(fillTemplate("No {{variables}} listed", [], {}).text).toBe("No {{variables}} listed");
  });

  it("names a variable the console does not know by its name", () => {
    expect(fillTemplate("Order {{order.number}}", ["order.number"], {}).placeholders).toEqual([{ text: "[order.number]", what: "order.number" }]);
  });
});

describe("firstNameOf", () => {
  it("takes the first word of a name, and none from a phone number", () => {
    expect(firstNameOf("  Maria   Santos ")).toBe("Maria");
    expect(firstNameOf("Cher")).toBe("Cher");
    expect(firstNameOf("+15146300808")).toBeNull();
    expect(firstNameOf("+1 514 630 0808")).toBeNull();
    expect(firstNameOf("")).toBeNull();
    expect(firstNameOf(null)).toBeNull();
  });
});

describe("placeholders left before sending", () => {
  const inserted = [
    { text: "[first name]", what: "the customer's first name" },
    { text: "[company name]", what: "your company's name" },
  ];

  it("lists those still in the text and says what to write instead", () => {
    expect(placeholdersLeft("Hi [first name], Acme here", inserted)).toEqual([inserted[0]]);
    expect(unfilledReason("Hi [first name] from [company name]", inserted)).toBe(
      "Replace [first name] with the customer's first name and [company name] with your company's name before sending.",
    );
    expect(unfilledReason("Hi Maria from Acme", inserted)).toBeNull();
  });

  it("refuses a {{…}} left in the text, whoever typed it", () => {
    expect(unfilledReason("Hi {{contact.firstName}}", [])).toMatch(/^Fill in or remove the \{\{…\}\} before sending/);
    expect(unfilledReason("Braces { alone } are fine", [])).toBeNull();
  });
});

describe("slashQueryAt", () => {
  it("finds a slash at the start or after a space or line break, up to the caret and the end of the word", () => {
    expect(slashQueryAt("/lat", 4)).toEqual({ start: 0, end: 4, query: "lat" });
    expect(slashQueryAt("Hi /", 4)).toEqual({ start: 3, end: 4, query: "" });
    expect(slashQueryAt("Hi\n/later", 9)).toEqual({ start: 3, end: 9, query: "later" });
    expect(slashQueryAt("/later now", 3)).toEqual({ start: 0, end: 6, query: "la" });
  });

  it("ignores a slash inside a word, a path, or a caret past the word", () => {
    expect(slashQueryAt("and/or", 6)).toBeNull();
    expect(slashQueryAt("see /a/b", 8)).toBeNull();
    expect(slashQueryAt("/later ", 7)).toBeNull();
    expect(slashQueryAt("", 0)).toBeNull();
  });
});

describe("matchingReplies", () => {
  const replies = [
    { title: "Ask for the order number", shortcut: "/order" },
    { title: "Call back later", shortcut: "/callback" },
    { title: "Call back later, signed", shortcut: "/later" },
    { title: "Later, no shortcut", shortcut: null },
  ];
  const titles = (query: string) => matchingReplies(replies, query).map((r) => r.title);

  it("puts the exact shortcut first, then shortcuts starting with the query, then shortcuts and titles holding it", () => {
    expect(titles("later")).toEqual(["Call back later, signed", "Call back later", "Later, no shortcut"]);
    expect(titles("CALL")).toEqual(["Call back later", "Call back later, signed"]);
    expect(titles("number")).toEqual(["Ask for the order number"]);
    expect(titles("zzz")).toEqual([]);
  });

  it("lists every reply for a bare slash, in the order given", () => {
    expect(titles("")).toEqual(replies.map((r) => r.title));
  });
});
