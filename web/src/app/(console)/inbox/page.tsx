import { MessageIcon } from "@/ui/icons";

export default function InboxPage() {
  return (
    <div className="pick-conversation">
      <MessageIcon size={40} />
      <p className="pick-conversation__title">Pick a conversation</p>
      <p>Its calls, voicemails, notes and messages show here, live.</p>
    </div>
  );
}
