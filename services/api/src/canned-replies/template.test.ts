import { describe, expect, it } from "vitest";
import { AppError } from "../platform/errors.js";
import { CANNED_REPLY_VARIABLES, checkVariables, variablesIn } from "./template.js";

/** The sentence checkVariables refuses `text` with, or undefined when it accepts it. */
function refusal(text: string): string | undefined {
  try {
    checkVariables(text, "the body", "body");
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).extensions).toEqual({ code: "BAD_USER_INPUT", field: "body" });
    return (err as AppError).message;
  }
}

describe("canned reply variables", () => {
  it("knows three variables", () => {
    expect(CANNED_REPLY_VARIABLES).toEqual(["contact.firstName", "agent.firstName", "account.name"]);
  });

  it("accepts the known ones, with or without spaces inside the braces, and text without any", () => {
    for (const text of [
      "Hi {{contact.firstName}}",
      "Hi {{ contact.firstName }}, {{agent.firstName}} from {{  account.name}}",
      "No variable here",
      "Braces alone { } and }} closing ones are text",
    ]) {
      expect(refusal(text), text).toBeUndefined();
    }
  });

  it("lists the variables a text uses, each once, in order", () => {
    expect(variablesIn("{{account.name}}: hi {{ contact.firstName }}, {{contact.firstName}} again")).toEqual(["account.name", "contact.firstName"]);
    expect(variablesIn("nothing")).toEqual([]);
  });

  it("refuses an unknown variable, listing the valid ones", () => {
    expect(refusal("Hi {{contact.lastName}}")).toBe(
      '"{{contact.lastName}}" in the body is not a variable: use {{contact.firstName}}, {{agent.firstName}} or {{account.name}}.',
    );
    // Names are exact: case and inner spaces count.
    expect(refusal("{{Contact.FirstName}}")).toMatch(/^"\{\{Contact\.FirstName\}\}" in the body is not a variable/);
    expect(refusal("{{contact. firstName}}")).toMatch(/is not a variable/);
    expect(refusal("{{}}")).toMatch(/^"\{\{\}\}" in the body is not a variable/);
    expect(refusal("{{{contact.firstName}}}")).toMatch(/is not a variable/);
  });

  it("refuses a {{ that never closes, saying where", () => {
    expect(refusal("Hi {{contact.firstName")).toBe(
      'The "{{" at character 4 of the body is never closed with "}}": the variables are {{contact.firstName}}, {{agent.firstName}} or {{account.name}}.',
    );
    expect(refusal("{{account.name}} and {{")).toMatch(/at character 22 /);
  });

  it("cuts a long unknown name in its sentence", () => {
    const message = refusal(`{{${"x".repeat(500)}}}`)!;
    expect(message.length).toBeLessThan(160);
  });
});
