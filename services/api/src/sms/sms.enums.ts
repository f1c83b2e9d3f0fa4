import { registerEnumType } from "type-graphql";

/** Twilio's message statuses (stored lower-case, as Twilio sends them). */
export enum SmsStatus {
  ACCEPTED = "accepted",
  SCHEDULED = "scheduled",
  QUEUED = "queued",
  SENDING = "sending",
  SENT = "sent",
  DELIVERED = "delivered",
  UNDELIVERED = "undelivered",
  FAILED = "failed",
  READ = "read",
  CANCELED = "canceled",
  RECEIVING = "receiving",
  RECEIVED = "received",
  PARTIALLY_DELIVERED = "partially_delivered",
}
registerEnumType(SmsStatus, { name: "SmsStatus", description: "Twilio's message status." });

export enum SmsEncoding {
  GSM_7 = "GSM-7",
  UCS_2 = "UCS-2",
}
registerEnumType(SmsEncoding, { name: "SmsEncoding", description: "GSM-7 fits 160 characters a segment, UCS-2 70." });
