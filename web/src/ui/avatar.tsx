/** A person's initials in a circle (decorative: the name is always written beside it). */
export function Avatar({ name, large = false }: { name: string; large?: boolean }) {
  return (
    <span className={large ? "avatar avatar--large" : "avatar"} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

export function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w.charAt(0)))
    .map((w) => w.charAt(0).toUpperCase());
  if (letters.length === 0) return "#";
  return letters.length === 1 ? letters[0] : letters[0] + letters[letters.length - 1];
}
