/**
 * Audio for the fake Twilio's recordings. Real Twilio serves a recording's media as WAV (no extension or `.wav`) or
 * MP3 (`.mp3`); this fake always serves a WAV it generates: 8 kHz, 16-bit, mono PCM like a phone recording, a ~1 s
 * 440 Hz beep then silence, as long as the recording (capped), so a player shows the right duration.
 */

const SAMPLE_RATE = 8000;
const BEEP_HZ = 440;
const BEEP_SECONDS = 1;
/** Long voicemails are cut here: a fake's file has no reason to be big. */
const MAX_SECONDS = 120;

/** A WAV file (RIFF, PCM) `seconds` long (at least 1 s, at most 120 s): the beep, then silence. */
export function recordingWav(seconds: number): Buffer {
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
