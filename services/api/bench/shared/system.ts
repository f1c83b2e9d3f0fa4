/**
 * What the machine's other processes spend, from /proc (Linux): the database's CPU time (FerretDB and PostgreSQL,
 * machine-wide: any other client of them counts too) and how busy all cores were.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

const DATABASE_PROCESSES = new Set(["ferretdb", "postgres", "mongod"]);

/**
 * CPU milliseconds (user + system) spent so far by every live process named ferretdb, postgres or mongod, with what
 * their children that ended had spent (PostgreSQL's backends come and go: the postmaster counts them once reaped).
 */
export function databaseCpuMs(): number {
  let ticks = 0;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return NaN;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (!DATABASE_PROCESSES.has(name)) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks * TICK_MS;
}

/** The machine's CPU counters (all cores), to compare two moments with machineBusy. */
export function machineTicks(): { busy: number; total: number } {
  try {
    const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number);
    return { busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** The share of all cores that was busy (any process) since `since`. */
export function machineBusy(since: { busy: number; total: number }): number {
  const now = machineTicks();
  return (now.busy - since.busy) / Math.max(1, now.total - since.total);
}
