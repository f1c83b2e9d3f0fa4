import { Types } from "mongoose";
import { AccountModel } from "../accounts/account.model.js";
import { createAccount } from "../accounts/account.service.js";
import { AgentModel } from "../auth/agent.model.js";
import { createAgent } from "../auth/auth.service.js";
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
 * A demo account: two agents, an SMS-capable and a voice-only number, 25 contacts with calls, voicemails and notes
 * spread over the last six weeks.
 */
export async function seedDemo(now = new Date()): Promise<SeedResult> {
  const account = await createAccount({ name: "Acme Support (demo)" });
  const agents = [];
  for (const a of DEMO_AGENTS) agents.push(await createAgent({ accountId: account._id, ...a }));
  await addPhoneNumber({
    accountId: account._id,
    number: DEMO_SMS_NUMBER,
    capabilities: { voice: true, sms: true, mms: true },
    rateCenter: "PACIFICA",
  });
  await addPhoneNumber({ accountId: account._id, number: DEMO_VOICE_NUMBER, capabilities: { voice: true }, rateCenter: "PACIFICA" });

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

/** `npm run dev` on an empty database gets the demo account. */
/** The demo account's id when it exists already (seeding twice would collide on the agents' emails). */
export async function findDemoAccount(): Promise<string | undefined> {
  const agent = await AgentModel.findOne({ email: DEMO_AGENTS[0].email }, { account_id: 1 }).lean().exec();
  return agent ? String(agent.account_id) : undefined;
}

export async function seedIfEmpty(logger: Logger): Promise<void> {
  if (await AccountModel.exists({})) return;
  const result = await seedDemo();
  logger.info({ ...result, logins: DEMO_AGENTS.map((a) => `${a.email} / ${a.password}`) }, "empty database: seeded the demo account");
}
