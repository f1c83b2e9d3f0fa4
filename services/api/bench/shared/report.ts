/** One line of the final table: what was measured, next to its baseline from the same run, and the goal. */
export interface Row {
  scenario: string;
  measured: string;
  baseline: string;
  goal: string;
  /** null: informative, no goal. */
  met: boolean | null;
}

export interface ScenarioResult {
  rows: Row[];
  /** Everything measured, for the JSON file. */
  data: Record<string, unknown>;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function markdownTable(rows: Row[]): string {
  const lines = ["| scenario | measured | baseline (same run) | ratio or goal | met? |", "| --- | --- | --- | --- | --- |"];
  for (const r of rows) {
    const met = r.met === null ? "—" : r.met ? "yes" : "**no**";
    lines.push(`| ${[r.scenario, r.measured, r.baseline, r.goal].map(cell).join(" | ")} | ${met} |`);
  }
  return lines.join("\n");
}

/** 1234.5 → "1,235"; digits after the point for small numbers. */
export const fmt = (x: number, digits = x < 10 ? 2 : x < 100 ? 1 : 0) =>
  Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 }) : String(x);
