import type { LiHTMLAttributes, ReactNode } from "react";

/** An entry of the timeline that is not a message (a call, a voicemail, a note): its icon beside what happened. */
export function EventItem({ icon, className, children, ...item }: LiHTMLAttributes<HTMLLIElement> & { icon: ReactNode }) {
  return (
    <li className={`event ${className}`} {...item}>
      <span className="event__icon" aria-hidden="true">
        {icon}
      </span>
      <div className="event__body">{children}</div>
    </li>
  );
}
