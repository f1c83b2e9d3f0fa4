/** The REST API's form parameters, read as Twilio reads them: an empty value is no value. */
import type { Request } from "express";

/** Form parameters as Express parses them: a repeated name (MediaUrl) becomes an array. */
export type FormParams = Record<string, string | string[]>;

export function form(req: Request): FormParams {
  return (req.body as FormParams | undefined) ?? {};
}

export function single(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === "" ? undefined : v;
}

export function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== "");
}

export function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}

/** A Method parameter or TwiML method attribute: GET when it says so, POST otherwise (Twilio's default). */
export function methodOf(value: string | undefined): "GET" | "POST" {
  return value?.trim().toUpperCase() === "GET" ? "GET" : "POST";
}
