import { Types } from "mongoose";
import { AccountModel } from "../accounts/account.model.js";
import { createAccount } from "../accounts/account.service.js";
import { AgentModel } from "../auth/agent.model.js";
import { createAgent } from "../auth/auth.service.js";
import { CannedReplyModel } from "../canned-replies/canned-reply.model.js";
import { createCannedReply } from "../canned-replies/canned-reply.service.js";
import { ContactModel, ContactPhoneNumberModel } from "../contacts/contact.model.js";
import { CallEntryModel, VoicemailEntryModel } from "../calls/call-entry.model.js";
import { NoteEntryModel } from "../timeline/entry.model.js";
import type { Logger } from "../platform/logger.js";
import { addPhoneNumber } from "../phone-numbers/phone-number.service.js";

/** The demo logins, also written in the README. */
export const DEMO_AGENTS = [
  { name: "Ana Silva", email: "ana@demo.talkdesk.test", password: "demo-password", phone: "+15146300100" },
  { name: "Ben Carter", email: "ben@demo.talkdesk.test", password: "demo-password", phone: "+15146300101" },
] as const;

export const DEMO_SMS_NUMBER = "+16502907793";
export const DEMO_VOICE_NUMBER = "+16502907794";

const FIRST = [
  "Maria",
  "João",
  "Liam",
  "Olivia",
  "Noah",
  "Emma",
  "Lucas",
  "Sofia",
  "Mateo",
  "Chloe",
  "Ethan",
  "Ines",
  "Hugo",
  "Amelia",
  "Leo",
  "Zoe",
  "Omar",
  "Yuki",
  "Priya",
  "Diego",
  "Nora",
  "Felix",
  "Aisha",
  "Tomás",
  "Grace",
];
const LAST = [
  "Santos",
  "Pereira",
  "Brown",
  "Martin",
  "Kim",
  "Dubois",
  "Costa",
  "Rossi",
  "Garcia",
  "Nguyen",
  "Müller",
  "Silva",
  "Novak",
  "Khan",
  "Ito",
  "Patel",
  "Lopez",
  "Okafor",
  "Moreau",
  "Schmidt",
  "Haddad",
  "Larsen",
  "Ali",
  "Ferreira",
  "Walsh",
];
const COMPANIES = ["Northwind", "Contoso", "Globex", "Initech", "Umbrella", undefined];
const NOTES = [
  "Asked about the invoice from last month; promised a callback.",
  "Prefers to be contacted after 5pm.",
  "Upgrade to the premium plan discussed, waiting for approval.",
  "Reported the app crashing on login; ticket #4821 opened.",
  "Happy with the resolution, no follow-up needed.",
];

/** The demo's canned replies: the console's former fixed list, titled, and one greeting the customer by name (`/later`). */
const DEMO_CANNED_REPLIES = [
  { title: "Ask for the order number", shortcut: "/order", body: "Could you share your order number, please?" },
  { title: "Call back later", shortcut: "/callback", body: "I'll call you back later" },
  {
    title: "Call back later, signed",
    shortcut: "/later",
    body: "Hi {{contact.firstName}}, {{agent.firstName}} from {{account.name}} here. I'll call you back later today.",
  },
  { title: "Good time for a call?", shortcut: "/call", body: "Is now a good time for a quick call?" },
  { title: "Issue resolved", shortcut: "/resolved", body: "Your issue is resolved. Reply to this message if you need anything else." },
  { title: "Thanks, we'll reply shortly", shortcut: "/thanks", body: "Thanks for your message! An agent will get back to you shortly." },
];

/**
 * Gives an account the demo's canned replies, through createCannedReply's checks, only while it has none: a database
 * seeded before canned replies were data gets them on its next start, and a team's own replies are never touched.
 * Answers how many it created.
 */
export async function seedDemoCannedReplies(accountId: Types.ObjectId): Promise<number> {
  if (await CannedReplyModel.exists({ account_id: accountId })) return 0;
  for (const reply of DEMO_CANNED_REPLIES) await createCannedReply({ accountId }, reply);
  return DEMO_CANNED_REPLIES.length;
}

/** Deterministic pseudo-random numbers, so every seeded database looks the same. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** An ObjectId whose timestamp is `at`, so the timeline (ordered by _id) reads in time order. */
const idAt = (at: Date) => new Types.ObjectId(Types.ObjectId.generate(Math.floor(at.getTime() / 1000)));

export interface SeedResult {
  accountId: string;
  contacts: number;
  entries: number;
}

/**
 * A demo account: two agents, an SMS-capable and a voice-only number, six canned replies, 25 contacts with calls,
 * voicemails and notes spread over the last six weeks.
 */
export async function seedDemo(now = new Date()): Promise<SeedResult> {
  const account = await createAccount({ name: "Acme Support (demo)" });
  // SEED_QUIET_HOURS=off|us_ca|all: the demo account's quiet hours (default us_ca, as every account); the e2e suite,
  // which runs at any hour of the real clock, seeds them off.
  const quietHours = process.env.SEED_QUIET_HOURS;
  if (quietHours === "off" || quietHours === "us_ca" || quietHours === "all") {
    await AccountModel.updateOne({ _id: account._id }, { $set: { quiet_hours: quietHours } });
  }
  const agents = [];
  for (const a of DEMO_AGENTS) agents.push(await createAgent({ accountId: account._id, ...a }));
  await addPhoneNumber({
    accountId: account._id,
    number: DEMO_SMS_NUMBER,
    capabilities: { voice: true, sms: true, mms: true },
    rateCenter: "PACIFICA",
  });
  await addPhoneNumber({ accountId: account._id, number: DEMO_VOICE_NUMBER, capabilities: { voice: true }, rateCenter: "PACIFICA" });
  await seedDemoCannedReplies(account._id);

  const random = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const DAY = 24 * 60 * 60 * 1000;
  let entries = 0;

  for (let i = 0; i < 25; i++) {
    const phone = `+1514630${String(1000 + i * 37).padStart(4, "0")}`;
    const contactId = new Types.ObjectId();
    const activity: Date[] = [];
    const docs: Record<string, unknown>[] = [];
    const count = 2 + Math.floor(random() * 6);
    for (let k = 0; k < count; k++) {
      const at = new Date(now.getTime() - Math.floor(random() * 42 * DAY) - 60_000);
      activity.push(at);
      const base = {
        _id: idAt(at),
        account_id: account._id,
        customer_id: contactId,
        customer_phone_number: phone,
        talkdesk_phone_number: pick([DEMO_SMS_NUMBER, DEMO_VOICE_NUMBER]),
        created_at: at,
      };
      const roll = random();
      if (roll < 0.5) {
        const inbound = random() < 0.5;
        const status = pick(["completed", "completed", "no-answer", "busy"]);
        docs.push({
          kind: "call",
          ...base,
          callsid: `CA${new Types.ObjectId().toHexString()}${"0".repeat(8)}`,
          direction: inbound ? "inbound" : "outbound-api",
          status,
          duration: status === "completed" ? 30 + Math.floor(random() * 600) : 0,
          agent_id: pick(agents)._id,
        });
      } else if (roll < 0.75) {
        docs.push({
          kind: "voicemail",
          ...base,
          callsid: `CA${new Types.ObjectId().toHexString()}${"0".repeat(8)}`,
          // The company's documents store the duration as a string.
          duration: String(5 + Math.floor(random() * 60)),
          record: `https://api.twilio.com/2010-04-01/Accounts/ACdemo/Recordings/RE${k}${i}.mp3`,
        });
      } else {
        docs.push({ kind: "note", ...base, body: pick(NOTES), agent_id: pick(agents)._id });
      }
    }
    await ContactPhoneNumberModel.create({ account_id: account._id, phone_number: phone, contact_id: contactId });
    await ContactModel.create({
      _id: contactId,
      account_id: account._id,
      name: `${FIRST[i]} ${LAST[i]}`,
      phone_numbers: [phone],
      email: `${FIRST[i]
        .toLowerCase()
        .normalize("NFD")
        .replace(/[^a-z]/g, "")}.${LAST[i]
        .toLowerCase()
        .normalize("NFD")
        .replace(/[^a-z]/g, "")}@example.com`,
      company: pick(COMPANIES),
      last_activity_at: new Date(Math.max(...activity.map((d) => d.getTime()))),
    });
    for (const { kind, ...doc } of docs) {
      if (kind === "call") await CallEntryModel.create(doc);
      else if (kind === "voicemail") await VoicemailEntryModel.create(doc);
      else await NoteEntryModel.create(doc);
      entries++;
    }
  }
  return { accountId: String(account._id), contacts: 25, entries };
}

/** The demo account's id when it exists already (seeding twice would collide on the agents' emails). */
export async function findDemoAccount(): Promise<string | undefined> {
  const agent = await AgentModel.findOne({ email: DEMO_AGENTS[0].email }, { account_id: 1 }).lean().exec();
  return agent ? String(agent.account_id) : undefined;
}

/** `npm run dev`: an empty database gets the demo account; the demo account without canned replies gets them. */
export async function seedIfEmpty(logger: Logger): Promise<void> {
  if (await AccountModel.exists({})) {
    const demo = await findDemoAccount();
    const added = demo ? await seedDemoCannedReplies(new Types.ObjectId(demo)) : 0;
    if (added) logger.info({ accountId: demo, cannedReplies: added }, "seeded the demo account's canned replies");
    return;
  }
  const result = await seedDemo();
  logger.info({ ...result, logins: DEMO_AGENTS.map((a) => `${a.email} / ${a.password}`) }, "empty database: seeded the demo account");
}
