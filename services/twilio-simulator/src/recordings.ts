/**
 * The recordings a <Record> makes (record.ts), and their media: GET .../Recordings/{Sid}[.wav|.mp3] serves a
 * generated WAV for the recordings this fake made.
 *
 * Real Twilio serves a recording's media as WAV (no extension or `.wav`) or MP3 (`.mp3`); this fake always serves a
 * WAV it generates: 8 kHz, 16-bit, mono PCM like a phone recording, a ~1 s 440 Hz beep then silence, as long as the
 * recording (capped), so a player shows the right duration.
 */
import { notFound, sendError } from "./api-errors.js";
import { pushBounded, setBounded } from "./bounded.js";
import type { ApiRoute } from "./server.js";
import { API_VERSION, newSid } from "./twilio-format.js";

export interface FakeTwilioRecording {
  sid: string;
  accountSid: string;
  callSid: string;
  /** Seconds. */
  duration: number;
  /** The RecordingUrl reported (no extension: Twilio serves WAV there, `.mp3` for MP3). */
  url: string;
  dateCreated: Date;
}

const SAMPLE_RATE = 8000;
const BEEP_HZ = 440;
const BEEP_SECONDS = 1;
/** Long voicemails are cut here: a fake's file has no reason to be big. */
const MAX_SECONDS = 120;

/** A WAV file (RIFF, PCM) `seconds` long (at least 1 s, at most 120 s): the beep, then silence. */
function recordingWav(seconds: number): Buffer {
  const total = Math.min(MAX_SECONDS, Math.max(BEEP_SECONDS, Math.round(seconds)));
  const samples = total * SAMPLE_RATE;
  const dataBytes = samples * 2;
  const wav = Buffer.alloc(44 + dataBytes);

  wav.write("RIFF", 0, "ascii");
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write("WAVE", 8, "ascii");
  wav.write("fmt ", 12, "ascii");
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(SAMPLE_RATE, 24);
  wav.writeUInt32LE(SAMPLE_RATE * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write("data", 36, "ascii");
  wav.writeUInt32LE(dataBytes, 40);

  const beepSamples = BEEP_SECONDS * SAMPLE_RATE;
  const fade = SAMPLE_RATE / 100; // 10 ms in and out, so the beep does not click
  for (let i = 0; i < beepSamples; i++) {
    const envelope = Math.min(1, i / fade, (beepSamples - 1 - i) / fade);
    const value = Math.round(0.3 * 32767 * envelope * Math.sin((2 * Math.PI * BEEP_HZ * i) / SAMPLE_RATE));
    wav.writeInt16LE(value, 44 + i * 2);
  }
  // The rest is silence: Buffer.alloc already zeroed it.
  return wav;
}

export class Recordings {
  /** Every recording a <Record> made, oldest first. */
  readonly list: FakeTwilioRecording[] = [];
  /** Kept across reset(): Twilio still serves a recording after a test's records are gone. */
  private readonly bySid = new Map<string, FakeTwilioRecording>();
  private readonly accountSid: string;
  private readonly baseUrl: () => string;
  private readonly maxRecords: number;

  /** `baseUrl`: where the fake's router is reachable now, for the RecordingUrl; `maxRecords`: how many recordings it keeps. */
  constructor(opts: { accountSid: string; baseUrl: () => string; maxRecords: number }) {
    this.accountSid = opts.accountSid;
    this.baseUrl = opts.baseUrl;
    this.maxRecords = opts.maxRecords;
  }

  /** A recording starting now, served (once add()ed) below the fake's current base URL. */
  create(callSid: string, seconds: number): FakeTwilioRecording {
    const sid = newSid("RE");
    return {
      sid,
      accountSid: this.accountSid,
      callSid,
      duration: seconds,
      url: `${this.baseUrl()}/${API_VERSION}/Accounts/${this.accountSid}/Recordings/${sid}`,
      dateCreated: new Date(),
    };
  }

  /** A finished recording: listed, and its media served. */
  add(recording: FakeTwilioRecording): void {
    pushBounded(this.list, recording, this.maxRecords);
    setBounded(this.bySid, recording.sid, recording, this.maxRecords);
  }

  /** The media route. It needs no auth: Twilio serves recordings publicly unless the account enforces HTTP auth on media. */
  route(): ApiRoute {
    return {
      method: "get",
      path: "/Recordings/:File",
      public: true,
      handle: (req, res, next) => {
        const match = /^(RE[0-9a-fA-F]{32})(?:\.(wav|mp3))?$/.exec(req.params.File);
        if (!match) return next();
        const recording = this.bySid.get(match[1]);
        if (!recording || recording.accountSid !== req.params.AccountSid) return sendError(res, notFound(req));
        // Real Twilio serves WAV (no extension, .wav) or MP3 (.mp3); this fake always serves a WAV.
        res.type("audio/wav").send(recordingWav(recording.duration));
      },
    };
  }
}
