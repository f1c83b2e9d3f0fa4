"use client";

import Link from "next/link";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

export interface Toast {
  id: string;
  title: string;
  body?: string;
  href?: string;
  linkLabel?: string;
}

const ToastContext = createContext<(toast: Omit<Toast, "id"> & { id?: string }) => void>(() => {});

/** Shows a short notification in the corner (e.g. a new SMS while the agent is elsewhere in the console). */
export function useToast() {
  return useContext(ToastContext);
}

const VISIBLE_MS = 8_000;
const MAX_TOASTS = 3;

/**
 * Notifications in a polite live region (`role="status"`): screen readers announce them without moving the focus.
 * Each one closes by itself after a while, unless the pointer or the focus is on it.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const counter = useRef(0);

  const show = useCallback((toast: Omit<Toast, "id"> & { id?: string }) => {
    const id = toast.id ?? `toast-${++counter.current}`;
    setToasts((current) => [...current.filter((t) => t.id !== id), { ...toast, id }].slice(-MAX_TOASTS));
  }, []);
  const dismiss = useCallback((id: string) => setToasts((current) => current.filter((t) => t.id !== id)), []);

  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: string) => void }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(toast.id), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [paused, toast.id, onDismiss]);

  return (
    <div
      className="toast"
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <span className="toast__icon" aria-hidden="true" />
      <div className="toast__text">
        <p className="toast__title">{toast.title}</p>
        {toast.body && <p className="toast__body">{toast.body}</p>}
        {toast.href && (
          <Link className="toast__link" href={toast.href} onClick={() => onDismiss(toast.id)}>
            {toast.linkLabel ?? "Open"}
          </Link>
        )}
      </div>
      <button type="button" className="toast__close" aria-label="Dismiss notification" onClick={() => onDismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}
