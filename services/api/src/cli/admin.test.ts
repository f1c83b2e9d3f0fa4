import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdmin } from "./admin.js";
import { seedDemo, DEMO_AGENTS } from "../dev/demo-seed.js";
import { codes, createTenant, signIn, startTestApp, type TestApp } from "../../test/helpers.js";

describe("admin CLI", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
  });
  afterAll(() => app.close());

  const last = (lines: string[]) => lines[lines.length - 1];

  it("onboards an account end to end; each command's last line is the id or key", async () => {
    const accountId = last(await runAdmin(["create-account", "--name", "Acme"]));
    expect(accountId).toMatch(/^[0-9a-f]{24}$/);
    const agentId = last(
      await runAdmin(["create-agent", "--account", accountId, "--email", "Ops@Acme.com", "--password", "s3cret-pass", "--phone", "(514) 630-0100"]),
    );
    expect(agentId).toMatch(/^[0-9a-f]{24}$/);
    const key = last(await runAdmin(["create-api-key", "--account", accountId, "--name", "billing"]));
    expect(key).toMatch(/^tdk_[A-Za-z0-9_-]{43}$/);
    const numberId = last(await runAdmin(["add-number", "--account", accountId, "--number", "+1 650 290 7700", "--sms", "--voice"]));
    expect(numberId).toMatch(/^[0-9a-f]{24}$/);

    const token = await signIn(app, "ops@acme.com", "s3cret-pass");
    const me = await app.gql(
      `{ me { agent { email phone } account { name } } phoneNumbers { phoneNumber capabilities { sms voice mms } } }`,
      {},
      token,
    );
    expect(me.data).toEqual({
      me: { agent: { email: "ops@acme.com", phone: "+15146300100" }, account: { name: "Acme" } },
      phoneNumbers: [{ phoneNumber: "+16502907700", capabilities: { sms: true, voice: true, mms: false } }],
    });
    expect((await app.gql(`{ me { account { name } } }`, {}, key)).data.me.account.name).toBe("Acme");
  });

  it("lists and revokes API keys, and signs an agent out everywhere; the API stops honouring them at once", async () => {
    const tenant = await createTenant("CLI keys");
    const listed = await runAdmin(["list-api-keys", "--account", String(tenant.accountId)]);
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatch(
      new RegExp(`^[0-9a-f]{24}  ${tenant.apiKey.slice(0, 10)}…  tests +created \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  last used never$`),
    );
    expect(last(listed)).toBe("1 API key (1 active).");
    expect(listed.join("\n")).not.toContain(tenant.apiKey);

    const keyId = listed[0].slice(0, 24);
    expect(last(await runAdmin(["revoke-api-key", "--account", String(tenant.accountId), "--id", keyId]))).toBe(keyId);
    expect(codes(await app.gql(`{ me { account { id } } }`, {}, tenant.apiKey))).toEqual(["UNAUTHENTICATED"]);
    expect(last(await runAdmin(["list-api-keys", "--account", String(tenant.accountId)]))).toBe("1 API key (0 active).");
    // Another account's key is not found through this account.
    const other = await createTenant("CLI other");
    await expect(runAdmin(["revoke-api-key", "--account", String(tenant.accountId), "--id", String(other.accountId)])).rejects.toThrow(/No API key/);

    const lines = await runAdmin(["sign-out-agent", "--email", tenant.agent.email.toUpperCase()]);
    expect(lines).toEqual([`Ended 1 session of ${tenant.agent.name} <${tenant.agent.email}>.`, "1"]);
    expect(codes(await app.gql(`{ me { account { id } } }`, {}, tenant.token))).toEqual(["UNAUTHENTICATED"]);
    await expect(runAdmin(["sign-out-agent", "--email", "nobody@example.com"])).rejects.toThrow("No agent signs in as nobody@example.com.");
  });

  it("refuses bad input with a clear sentence", async () => {
    const accountId = last(await runAdmin(["create-account", "--name", "Other"]));
    await runAdmin(["add-number", "--account", accountId, "--number", "+16502907711", "--sms"]);
    const failures: [string[], RegExp][] = [
      [["create-account"], /--name is required/],
      [["create-agent", "--account", "nope", "--email", "a@b.co", "--password", "long-enough"], /"nope" is not a valid account id/],
      [
        ["create-agent", "--account", "5271079004420e0002000086", "--email", "a@b.co", "--password", "long-enough"],
        /No account with id "5271079004420e0002000086"/,
      ],
      [["create-agent", "--account", accountId, "--email", "not-an-email", "--password", "long-enough"], /not an email address/],
      [["create-agent", "--account", accountId, "--email", "a@b.co", "--password", "short"], /at least 8 characters/],
      [["add-number", "--account", accountId, "--number", "12345", "--sms"], /not a phone number we can dial/],
      [["add-number", "--account", accountId, "--number", "+16502907700", "--sms"], /\+16502907700 belongs to another account/],
      [["add-number", "--account", accountId, "--number", "+16502907711", "--sms"], /already one of this account's numbers/],
      [["add-number", "--account", accountId, "--number", "+16502907712"], /at least one capability/],
      [["launch-rockets"], /Unknown command "launch-rockets"/],
    ];
    for (const [argv, message] of failures) {
      await expect(runAdmin(argv), argv.join(" ")).rejects.toThrow(message);
    }
  });

  it("seeds the demo account: two agents, an SMS and a voice-only number, 25 contacts with history", async () => {
    const result = await seedDemo();
    expect(result.contacts).toBe(25);
    const token = await signIn(app, DEMO_AGENTS[0].email, DEMO_AGENTS[0].password);
    const res = await app.gql(
      `{ phoneNumbers { phoneNumber capabilities { sms voice } } contacts(first: 100) { edges { node { timeline(first: 100) { edges { node { __typename createdAt } } } } } } }`,
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.phoneNumbers.map((n: { capabilities: object }) => n.capabilities)).toEqual([
      { sms: true, voice: true },
      { sms: false, voice: true },
    ]);
    expect(res.data.contacts.edges).toHaveLength(25);
    const entries = res.data.contacts.edges.flatMap((e: any) => e.node.timeline.edges.map((t: any) => t.node));
    expect(entries).toHaveLength(result.entries);
    expect(new Set(entries.map((e: { __typename: string }) => e.__typename))).toEqual(new Set(["CallEntry", "VoicemailEntry", "NoteEntry"]));
    const days = entries.map((e: { createdAt: string }) => Date.parse(e.createdAt));
    expect(Math.max(...days) - Math.min(...days)).toBeGreaterThan(14 * 24 * 3600 * 1000);
    // voicemails are stored like the company's documents: duration as a string
    const vm = await mongoose.connection.db!.collection("entries").findOne({ _type: "VoicemailEntry" });
    expect(typeof vm!.duration).toBe("string");
  });
});
