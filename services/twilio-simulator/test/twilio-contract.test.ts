/**
 * The fake is only worth what it agrees with Twilio on. These tests hold both sides to Twilio's official OpenAPI spec
 * (a committed slice of it, see ../scripts/extract-twilio-contract.mjs): what the real SDK sends must be a request Twilio
 * accepts, and what the fake answers must be a Message or Call resource as Twilio describes it.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it, vi } from "vitest";
import { FakeTwilio, simulatorCredentials } from "../src/index.js";
import { sdkClient, withFakeTwilio, type Twilio } from "./sdk-client.js";

/** services/twilio-simulator, from this file's place in it. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REPO_ROOT = path.resolve(PACKAGE_ROOT, "../..");
const SLICE_FILE = path.join(PACKAGE_ROOT, "test/contracts/twilio-api-v2010.slice.json");
const FULL_SPEC = path.resolve(REPO_ROOT, "../shared/twilio/twilio_api_v2010.json");
const EXTRACTOR = path.join(PACKAGE_ROOT, "scripts/extract-twilio-contract.mjs");
const MESSAGES_PATH = "/2010-04-01/Accounts/{AccountSid}/Messages.json";
const CALLS_PATH = "/2010-04-01/Accounts/{AccountSid}/Calls.json";
const SLICE_ID = "https://contracts.local/twilio-api-v2010.slice.json";

const slice = JSON.parse(readFileSync(SLICE_FILE, "utf8"));
const createMessage = slice.paths[MESSAGES_PATH].post;
const requestSchema = createMessage.requestBody.content["application/x-www-form-urlencoded"].schema;
const messageSchema = slice.components.schemas["api.v2010.account.message"];
const createCall = slice.paths[CALLS_PATH].post;
const callRequestSchema = createCall.requestBody.content["application/x-www-form-urlencoded"].schema;
const callSchema = slice.components.schemas["api.v2010.account.call"];

const creds = simulatorCredentials();
const FROM = "+15146300808";
const TO = "+15145550123";

/** A JSON pointer into the slice, usable as a $ref ("{" and "/" in path names need escaping). */
function pointer(...parts: string[]): string {
  return `${SLICE_ID}#${parts.map((p) => `/${encodeURIComponent(p.replace(/~/g, "~0").replace(/\//g, "~1"))}`).join("")}`;
}

/**
 * Ajv over the slice. Form bodies carry only strings, so requests are validated with coercion to the schema's types
 * ("600" → 600, one MediaUrl → [url]); JSON responses are validated as they are, types included.
 */
function contractAjv(opts: { coerceFormStrings: boolean }): Ajv {
  const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true, coerceTypes: opts.coerceFormStrings ? "array" : false });
  addFormats.default(ajv, ["uri", "date-time"]);
  // Twilio's own formats. phone-number covers what Twilio puts there: E.164, channel addresses (whatsapp:+1...),
  // short codes and alphanumeric sender IDs.
  ajv.addFormat("phone-number", /^(\+[1-9]\d{1,14}|[a-z]+:.+|\d{3,8}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/);
  ajv.addFormat(
    "date-time-rfc-2822",
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/,
  );
  ajv.addFormat("currency", /^[A-Z]{3}$/);
  ajv.addFormat("http-method", /^(GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS)$/i);
  // Markers on objects or free text, not string shapes Ajv can check.
  for (const format of ["uri-map", "endpoint", "twiml"]) ajv.addFormat(format, true);
  // OpenAPI's document keys and Twilio's annotations, which carry no validation.
  for (const keyword of ["x-twilio", "x-slice-source", "openapi", "info", "servers", "security", "paths", "components"]) ajv.addKeyword(keyword);
  ajv.addSchema(slice, SLICE_ID);
  return ajv;
}

const requestAjv = contractAjv({ coerceFormStrings: true });
const responseAjv = contractAjv({ coerceFormStrings: false });

/** Twilio's CreateMessageRequest, closed: a misspelled parameter is silently ignored by Twilio, so it must fail here. */
const validateCreateMessageRequest: ValidateFunction = requestAjv.compile({
  allOf: [{ $ref: pointer("paths", MESSAGES_PATH, "post", "requestBody", "content", "application/x-www-form-urlencoded", "schema") }],
  properties: Object.fromEntries(Object.keys(requestSchema.properties).map((name) => [name, true])),
  additionalProperties: false,
});

const validateAccountSid: ValidateFunction = requestAjv.compile(
  createMessage.parameters.find((p: { in: string; name: string }) => p.in === "path" && p.name === "AccountSid").schema,
);

/** The 201 schema, plus: every field Twilio documents is present, and there is no other. */
const validateMessageResource: ValidateFunction = responseAjv.compile({
  allOf: [{ $ref: pointer("paths", MESSAGES_PATH, "post", "responses", "201", "content", "application/json", "schema") }],
  required: Object.keys(messageSchema.properties),
  properties: Object.fromEntries(Object.keys(messageSchema.properties).map((name) => [name, true])),
  additionalProperties: false,
});

/** Twilio's CreateCallRequest, closed like CreateMessageRequest. */
const validateCreateCallRequest: ValidateFunction = requestAjv.compile({
  allOf: [{ $ref: pointer("paths", CALLS_PATH, "post", "requestBody", "content", "application/x-www-form-urlencoded", "schema") }],
  properties: Object.fromEntries(Object.keys(callRequestSchema.properties).map((name) => [name, true])),
  additionalProperties: false,
});

/** The Call resource (201 of Calls.json, also what GET Calls/{Sid}.json returns): every documented field, no other. */
const validateCallResource: ValidateFunction = responseAjv.compile({
  allOf: [{ $ref: pointer("paths", CALLS_PATH, "post", "responses", "201", "content", "application/json", "schema") }],
  required: Object.keys(callSchema.properties),
  properties: Object.fromEntries(Object.keys(callSchema.properties).map((name) => [name, true])),
  additionalProperties: false,
});

/** A form body as Twilio reads it: a repeated name is a list. Parsed here, not by the fake, so the fake's parsing is not trusted. */
function parseForm(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    const prior = out[name];
    out[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  return out;
}

function problems(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) => `${e.instancePath || "(body)"} ${e.message}${e.params && "additionalProperty" in e.params ? `: ${e.params.additionalProperty}` : ""}`,
  );
}

describe("Twilio's contract for creating a message (official OpenAPI spec, committed slice)", () => {
  let fake: FakeTwilio;
  let client: Twilio;
  withFakeTwilio((setup) => ({ fake, client } = setup));

  it("every request the SDK sends for messages.create is a CreateMessageRequest Twilio accepts", async () => {
    await client.messages.create({
      to: TO,
      from: FROM,
      body: "Your appointment is confirmed",
      statusCallback: "https://sms.example.com/twilio/status?tenant=acme",
      mediaUrl: ["https://example.com/a.png", "https://example.com/b.jpg"],
    });
    await client.messages.create({ to: TO, from: FROM, body: "one image", mediaUrl: ["https://example.com/c.png"] });
    await client.messages.create({
      to: TO,
      messagingServiceSid: `MG${"a".repeat(32)}`,
      body: "typed options",
      validityPeriod: 3600,
      provideFeedback: true,
      maxPrice: 0.05,
      shortenUrls: false,
    });

    expect(fake.requests).toHaveLength(3);
    for (const request of fake.requests) {
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(request.path);
      expect(request.method).toBe("POST");
      expect(match).not.toBeNull();
      expect(validateAccountSid(match![1]), problems(validateAccountSid.errors).join("; ")).toBe(true);
      expect(request.authOk).toBe(true);

      const body = parseForm(request.rawBody);
      const valid = validateCreateMessageRequest(body);
      expect(problems(validateCreateMessageRequest.errors)).toEqual([]);
      expect(valid).toBe(true);
    }
    expect(parseForm(fake.requests[0].rawBody).MediaUrl).toEqual(["https://example.com/a.png", "https://example.com/b.jpg"]);
  });

  it("fails a request with a misspelled parameter or a wrong type, so the check can fail", () => {
    const misspelled = { Too: TO, From: FROM, Body: "hi" };
    expect(validateCreateMessageRequest(misspelled)).toBe(false);
    expect(problems(validateCreateMessageRequest.errors)).toEqual(
      expect.arrayContaining(["(body) must have required property 'To'", "(body) must NOT have additional properties: Too"]),
    );

    expect(validateCreateMessageRequest({ To: TO, From: FROM, Body: "hi", ValidityPeriod: "soon" })).toBe(false);
    expect(validateCreateMessageRequest({ To: TO, From: FROM, Body: "hi", StatusCallback: "not a url" })).toBe(false);
    expect(validateAccountSid("ACnot-an-account")).toBe(false);
  });

  it("the fake answers a create with a Message resource exactly as Twilio's spec describes it", async () => {
    await client.messages.create({ to: TO, from: FROM, body: "hi", mediaUrl: ["https://example.com/a.png"] });
    const answer = client.httpClient.lastResponse!;
    const body = typeof answer.body === "string" ? JSON.parse(answer.body) : answer.body;

    expect(answer.statusCode).toBe(201);
    expect(validateMessageResource(body), problems(validateMessageResource.errors).join("; ")).toBe(true);
  });

  it("the fake's Message resource stays within the spec once delivery failed (error_code, date_sent)", async () => {
    const auto = new FakeTwilio({ ...creds, callbacks: "auto", delaysMs: { sending: 1, sent: 2, delivered: 3 } });
    try {
      const autoClient = sdkClient({ ...creds, apiUrl: await auto.listen() });
      const { sid } = await autoClient.messages.create({ to: "+15145550000", from: FROM, body: "hi" });
      await vi.waitFor(async () => expect((await autoClient.messages(sid).fetch()).status).toBe("undelivered"));
      const body = autoClient.httpClient.lastResponse!.body;

      expect(body).toMatchObject({ error_code: 30003, date_sent: expect.any(String) });
      expect(validateMessageResource(body), problems(validateMessageResource.errors).join("; ")).toBe(true);
    } finally {
      await auto.close();
    }
  });

  it("fails a resource that drifts from the spec, so the check can fail", async () => {
    await client.messages.create({ to: TO, from: FROM, body: "hi" });
    const good = client.httpClient.lastResponse!.body as Record<string, unknown>;

    expect(validateMessageResource({ ...good, num_segments: 1 })).toBe(false);
    expect(validateMessageResource({ ...good, status: "done" })).toBe(false);
    expect(validateMessageResource({ ...good, date_created: new Date().toISOString() })).toBe(false);
    const { price_unit: _dropped, ...missing } = good;
    expect(validateMessageResource(missing)).toBe(false);
    expect(validateMessageResource({ ...good, extra_field: "x" })).toBe(false);
  });
});

describe("Twilio's contract for creating a call (official OpenAPI spec, committed slice)", () => {
  let fake: FakeTwilio;
  let client: Twilio;
  const AGENT = "+15146300100";
  withFakeTwilio((setup) => ({ fake, client } = setup));

  it("every request the SDK sends for calls.create is a CreateCallRequest Twilio accepts", async () => {
    await client.calls.create({
      to: AGENT,
      from: FROM,
      url: "https://api.example.com/hooks/voice/connect?entryId=e1",
      statusCallback: "https://api.example.com/hooks/voice/status?entryId=e1&leg=agent",
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
    });
    await client.calls.create({
      to: AGENT,
      from: FROM,
      url: "https://api.example.com/v",
      method: "GET",
      timeout: 25,
      statusCallbackEvent: ["completed"],
    });
    await client.calls.create({ to: "client:agent-7", from: FROM, twiml: "<Response><Say>Hello</Say></Response>", timeLimit: 3600 });

    expect(fake.requests).toHaveLength(3);
    for (const request of fake.requests) {
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\.json$/.exec(request.path);
      expect(request.method).toBe("POST");
      expect(match).not.toBeNull();
      expect(validateAccountSid(match![1])).toBe(true);
      expect(request.authOk).toBe(true);
      const valid = validateCreateCallRequest(parseForm(request.rawBody));
      expect(problems(validateCreateCallRequest.errors)).toEqual([]);
      expect(valid).toBe(true);
    }
    expect(parseForm(fake.requests[0].rawBody).StatusCallbackEvent).toEqual(["initiated", "ringing", "answered", "completed"]);
  });

  it("fails a call request with a misspelled parameter or a wrong type, so the check can fail", () => {
    expect(validateCreateCallRequest({ To: AGENT, From: FROM, Uri: "https://a.example/v" })).toBe(false);
    expect(problems(validateCreateCallRequest.errors)).toEqual(expect.arrayContaining(["(body) must NOT have additional properties: Uri"]));
    expect(validateCreateCallRequest({ From: FROM, Url: "https://a.example/v" })).toBe(false);
    expect(validateCreateCallRequest({ To: AGENT, From: FROM, Url: "https://a.example/v", Method: "PUT" })).toBe(false);
    expect(validateCreateCallRequest({ To: AGENT, From: FROM, Url: "https://a.example/v", Timeout: "soon" })).toBe(false);
  });

  it("the fake answers a create, and a fetch after the call ended, with Call resources as Twilio's spec describes them", async () => {
    const created = await client.calls.create({ to: AGENT, from: FROM, twiml: `<Response><Dial><Number>${TO}</Number></Dial></Response>` });
    const answer = client.httpClient.lastResponse!;
    expect(answer.statusCode).toBe(201);
    expect(validateCallResource(answer.body), problems(validateCallResource.errors).join("; ")).toBe(true);

    await fake.runCall(created.sid);
    const child = fake.calls.find((c) => c.parentCallSid === created.sid)!;
    for (const sid of [created.sid, child.sid]) {
      await client.calls(sid).fetch();
      const body = client.httpClient.lastResponse!.body as Record<string, unknown>;
      expect(body).toMatchObject({ status: "completed", duration: "8", start_time: expect.any(String), end_time: expect.any(String) });
      expect(validateCallResource(body), problems(validateCallResource.errors).join("; ")).toBe(true);
    }
    expect(client.httpClient.lastResponse!.body).toMatchObject({ parent_call_sid: created.sid, direction: "outbound-dial" });
  });

  it("fails a call resource that drifts from the spec, so the check can fail", async () => {
    await client.calls.create({ to: AGENT, from: FROM, url: "https://a.example/v" });
    const good = client.httpClient.lastResponse!.body as Record<string, unknown>;
    expect(validateCallResource(good)).toBe(true);
    expect(validateCallResource({ ...good, status: "initiated" })).toBe(false);
    expect(validateCallResource({ ...good, duration: 8 })).toBe(false);
    expect(validateCallResource({ ...good, sid: "CA123" })).toBe(false);
    const { queue_time: _dropped, ...missing } = good;
    expect(validateCallResource(missing)).toBe(false);
  });
});

describe("the committed slice of Twilio's spec", () => {
  it("is self-contained: every $ref resolves inside it", () => {
    const refs: string[] = [];
    JSON.stringify(slice, (key, value) => {
      if (key === "$ref") refs.push(value);
      return value;
    });
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const [, kind, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
      expect(slice.components[kind]?.[name], ref).toBeDefined();
    }
  });

  const present = existsSync(FULL_SPEC);
  describe.skipIf(!present)(
    present ? `matches ${path.basename(FULL_SPEC)}` : `Twilio's full OpenAPI spec is not present at ${FULL_SPEC}; the committed slice is used`,
    () => {
      it("equals a fresh extraction from Twilio's full spec (run scripts/extract-twilio-contract.mjs if not)", async () => {
        const { extractFromFile } = (await import(pathToFileURL(EXTRACTOR).href)) as { extractFromFile(file: string): unknown };
        expect(slice).toEqual(extractFromFile(FULL_SPEC));
      });
    },
  );
});
