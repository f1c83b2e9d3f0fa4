/** The digits of a phone number as typed ("+1 (514) 630-0808" → "15146300808"). */
function digitsOf(value: string): string {
  return value.replace(/\D/g, "");
}

/** Whether what the agent typed looks like a whole phone number (7 to 15 digits, E.164's range). */
export function looksLikePhoneNumber(value: string): boolean {
  const digits = digitsOf(value);
  return digits.length >= 7 && digits.length <= 15 && /^[\d\s()+\-./]+$/.test(value.trim());
}

/**
 * Whether a stored E.164 number is the one typed, in any format: the same digits, or the same national number when
 * the country code or the trunk zero was left out ("(514) 630-0808" and "0514 630 0808" match +15146300808).
 */
export function isSameNumber(typed: string, e164: string): boolean {
  const a = digitsOf(typed).replace(/^0+/, "");
  const b = digitsOf(e164);
  if (a.length < 7) return false;
  return a === b || (b.endsWith(a) && b.length - a.length <= 3);
}

/** A number for display: E.164 North American numbers as +1 514 630 0808, others as stored. */
export function formatPhoneNumber(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `+1 ${m[1]} ${m[2]} ${m[3]}` : e164;
}

/** A contact's name for display: contacts created by an incoming SMS are named by their E.164 number; space it. */
export function displayName(name: string): string {
  return /^\+\d{8,15}$/.test(name) ? formatPhoneNumber(name) : name;
}
