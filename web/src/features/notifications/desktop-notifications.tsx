"use client";

import { useSyncExternalStore } from "react";
import { BellIcon } from "@/ui/icons";

/**
 * Browser notifications (the Notification API) for when the console's tab is hidden: the toasts cannot be seen then.
 * The permission is asked for only on the agent's click (browsers ignore or penalise a request nobody asked for).
 */

const listeners = new Set<() => void>();
const supported = () => typeof window !== "undefined" && "Notification" in window;
const permission = (): NotificationPermission | "unsupported" => (supported() ? Notification.permission : "unsupported");

function useNotificationPermission() {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    permission,
    () => "unsupported" as const,
  );
}

/** Shows a browser notification when the tab is hidden and the agent allowed them; a click brings the console back. */
export function notifyWhenHidden(opts: { title: string; body: string; tag: string; onClick: () => void }): void {
  if (!supported() || Notification.permission !== "granted" || document.visibilityState !== "hidden") return;
  // One per conversation (the tag): its newest activity replaces the previous one.
  const notification = new Notification(opts.title, { body: opts.body, tag: opts.tag });
  notification.onclick = () => {
    window.focus();
    opts.onClick();
    notification.close();
  };
}

/** "Notify me": asks for the permission on click; shown only while the browser has not been told yes or no. */
export function DesktopNotificationsButton() {
  const state = useNotificationPermission();
  if (state !== "default") return null;
  return (
    <button
      type="button"
      className="button button--quiet"
      title="Get a browser notification for new messages, voicemails and missed calls while this tab is in the background"
      onClick={() => void Notification.requestPermission().then(() => listeners.forEach((l) => l()))}
    >
      <BellIcon size={16} />
      Notify me
    </button>
  );
}
