import { useSyncExternalStore } from "react";

/** Where live updates stand: "connecting" before the first connection, "live", or "reconnecting" after a drop. */
export type LiveStatus = "idle" | "connecting" | "live" | "reconnecting";

let liveStatus: LiveStatus = "idle";
const liveListeners = new Set<() => void>();

export function setLiveStatus(status: LiveStatus) {
  if (status === liveStatus) return;
  liveStatus = status;
  for (const listener of liveListeners) listener();
}

/** The WebSocket's state as React state, for the "Reconnecting…" indicator. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (listener) => {
      liveListeners.add(listener);
      return () => liveListeners.delete(listener);
    },
    () => liveStatus,
    () => "idle" as const,
  );
}
