/** The <Dial> verb: the legs it rings and what its action hears. */
import type { CallFlow } from "./call-requests.js";
import { parseEvents } from "./call-status.js";
import type { Calls, CallStatus, FakeTwilioCall } from "./calls.js";
import { elementsOf, textOf, type TwimlElement } from "./twiml.js";

/**
 * A <Dial>: one leg per Number/Client/Sip, rung at once (each a "child" leg, direction outbound-dial, whose outcome
 * setCallOutcome() chooses; default: answers and talks 8 s). The first leg whose phone answers (document order) is
 * bridged for its seconds and the other ringing legs are canceled, as Twilio hangs them up; busy and failed legs end
 * first, unanswered ones last. Resolves with the Dial action's parameters.
 */
export async function dial(
  flow: CallFlow,
  calls: Calls,
  parent: FakeTwilioCall,
  verb: TwimlElement,
  documentUrl: string | null,
): Promise<Record<string, string>> {
  const d = flow.settings.delays;
  const nouns = elementsOf(verb).filter((e) => e.name === "Number" || e.name === "Client" || e.name === "Sip");
  const targets = nouns.map((noun) => ({
    to: noun.name === "Client" && !textOf(noun).startsWith("client:") ? `client:${textOf(noun)}` : textOf(noun),
    attributes: noun.attributes,
  }));
  if (nouns.length === 0 && textOf(verb)) targets.push({ to: textOf(verb), attributes: {} });
  if (targets.length === 0) {
    flow.logger.warn({ sid: parent.sid }, "<Dial> with nothing to dial");
    return { DialCallStatus: "failed", DialBridged: "false" };
  }
  const legs = targets.map(({ to, attributes }) =>
    calls.add({
      direction: "outbound-dial",
      parentCallSid: parent.sid,
      to,
      from: verb.attributes.callerId || parent.from,
      url: null,
      method: "POST",
      twiml: null,
      statusCallback: attributes.statusCallback ? flow.resolveUrl(attributes.statusCallback, documentUrl, parent, "<Number statusCallback>") : null,
      statusCallbackEvents: parseEvents(attributes.statusCallbackEvent ? [attributes.statusCallbackEvent] : []),
      outcome: flow.script.outcomeFor(to),
      params: {},
    }),
  );
  const kind = (leg: FakeTwilioCall) => leg.outcome!.kind;

  await flow.wait(d.initiated);
  for (const leg of legs) await flow.event(leg, "initiated");
  await flow.wait(d.ringing);
  for (const leg of legs) await flow.event(leg, "ringing");

  const refused = legs.filter((leg) => kind(leg) === "busy" || kind(leg) === "failed");
  if (refused.length > 0) {
    await flow.wait(d.busy);
    for (const leg of refused) await flow.end(leg, kind(leg) as CallStatus, 0);
  }
  const winner = legs.find((leg) => kind(leg) === "answer");
  if (winner) {
    const seconds = (winner.outcome as { seconds: number }).seconds;
    await flow.wait(d.answer);
    await flow.event(winner, "in-progress");
    for (const leg of legs) if (leg !== winner && !refused.includes(leg)) await flow.end(leg, "canceled", 0);
    await flow.talk(seconds);
    await flow.end(winner, "completed", seconds);
    return { DialCallSid: winner.sid, DialCallStatus: "completed", DialCallDuration: String(seconds), DialBridged: "true" };
  }
  const unanswered = legs.filter((leg) => kind(leg) === "no-answer");
  if (unanswered.length > 0) {
    await flow.wait(d.noAnswer);
    for (const leg of unanswered) await flow.end(leg, "no-answer", 0);
  }
  const status = unanswered.length > 0 ? "no-answer" : refused.some((leg) => kind(leg) === "busy") ? "busy" : "failed";
  const reported = legs.find((leg) => kind(leg) === status)!;
  return { DialCallSid: reported.sid, DialCallStatus: status, DialBridged: "false" };
}
