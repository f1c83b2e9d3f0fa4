import { parseArgs } from "node:util";
import { loadConfig } from "../platform/config.js";

const USAGE = `Text the running API as a customer, through the built-in Twilio simulator (development only):

  npm run sms -- --from +15146300808 "please call me"
  npm run sms -- --from +15146300808 --to +16502907793 --media https://picsum.photos/200 "look at this"

--to defaults to the first SMS-capable number. The API must be running (npm run dev) without Twilio credentials.`;

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { from: { type: "string" }, to: { type: "string" }, media: { type: "string", multiple: true }, api: { type: "string" } },
  allowPositionals: true,
});
const body = positionals.join(" ");
if (!values.from || (!body && !values.media?.length)) {
  console.error(USAGE);
  process.exit(2);
}
const config = loadConfig();
const api = values.api ?? `http://127.0.0.1:${config.port}`;
try {
  const res = await fetch(`${api}/dev/customer-phone/sms`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      from: values.from,
      to: values.to,
      body,
      media: values.media?.map((url) => ({
        url,
        contentType: url.match(/\.(png|jpe?g|gif|webp)$/i) ? `image/${RegExp.$1.toLowerCase().replace("jpg", "jpeg")}` : "image/jpeg",
      })),
    }),
  });
  const text = await res.text();
  if (res.status === 404) {
    console.error(`${api} has no simulator: is the API running in development without TWILIO_ACCOUNT_SID?`);
    process.exit(1);
  }
  const result = JSON.parse(text) as { messageSid?: string; from?: string; to?: string; webhookStatus?: number; error?: string };
  if (!res.ok) {
    console.error(result.error ?? `The webhook answered ${result.webhookStatus}: ${text}`);
    process.exit(1);
  }
  console.log(`${result.from} → ${result.to}: delivered to the webhook (${result.webhookStatus}).`);
  console.log(result.messageSid);
} catch (err) {
  console.error(`Could not reach the API at ${api} (${(err as Error).message}). Start it with npm run dev.`);
  process.exit(1);
}
