import { formatFullTimestamp, formatTimestamp } from "@/lib/format";

/** A moment as lists show it (the time today, the day this year, the date before), the full date in its tooltip. */
export function Timestamp({ iso, className }: { iso: string; className?: string }) {
  return (
    <time className={className} dateTime={iso} title={formatFullTimestamp(iso)}>
      {formatTimestamp(iso)}
    </time>
  );
}
