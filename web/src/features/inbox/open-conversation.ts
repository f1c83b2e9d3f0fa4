import { useEffect } from "react";

/**
 * Which contacts' conversations are on screen right now (the contact view, the /sms page), so that an arriving SMS
 * raises a notification only when the agent is elsewhere.
 */
const open = new Map<string, number>();

export function isConversationOpen(contactId: string): boolean {
  return (open.get(contactId) ?? 0) > 0 && (typeof document === "undefined" || document.visibilityState === "visible");
}

/** Marks the contact's conversation as on screen while the calling component is mounted. */
export function useOpenConversation(contactId: string | null | undefined): void {
  useEffect(() => {
    if (!contactId) return;
    open.set(contactId, (open.get(contactId) ?? 0) + 1);
    return () => {
      const left = (open.get(contactId) ?? 1) - 1;
      if (left > 0) open.set(contactId, left);
      else open.delete(contactId);
    };
  }, [contactId]);
}
