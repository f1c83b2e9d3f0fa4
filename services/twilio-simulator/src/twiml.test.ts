import { describe, expect, it } from "vitest";

describe("parseTwiml", () => {
  it("reads elements, attributes with entities, text, comments and CDATA", async () => {
    const { parseTwiml, textOf, elementsOf } = await import("./twiml.js");
    const doc = parseTwiml(
      `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- hi --><Response><Say voice='alice'>Tom &amp; Jerry &#233;&#x21;</Say>` +
        `<Dial action="http://a/b?x=1&amp;y=&quot;2&quot;"><Number statusCallbackEvent="initiated ringing"> +15146300808 </Number></Dial>` +
        `<Play><![CDATA[http://a/<b>]]></Play><Hangup/></Response>\n`,
    );
    expect(doc.name).toBe("Response");
    const [say, dial, play, hangup] = elementsOf(doc);
    expect([say.name, say.attributes, textOf(say)]).toEqual(["Say", { voice: "alice" }, "Tom & Jerry é!"]);
    expect(dial.attributes.action).toBe('http://a/b?x=1&y="2"');
    expect(textOf(elementsOf(dial)[0])).toBe("+15146300808");
    expect(textOf(play)).toBe("http://a/<b>");
    expect(hangup).toEqual({ name: "Hangup", attributes: {}, children: [] });
    for (const bad of ["<Response>", "<Response></Dial>", "<Response a=1/>", "<Response>a & b</Response>", "<A/><B/>", "", "text"]) {
      expect(() => parseTwiml(bad), bad).toThrow();
    }
  });
});
