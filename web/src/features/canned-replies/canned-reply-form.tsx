"use client";

import { CombinedGraphQLErrors } from "@apollo/client";
import { useMutation } from "@apollo/client/react";
import { useId, useRef, useState, type FormEvent } from "react";
import { graphql } from "@/gql";
import { ErrorNotice } from "@/ui/error-notice";
import { CannedRepliesQuery } from "./use-canned-replies";

const CreateCannedReplyMutation = graphql(`
  mutation CreateCannedReply($input: CreateCannedReplyInput!) {
    createCannedReply(input: $input) {
      id
    }
  }
`);

const UpdateCannedReplyMutation = graphql(`
  mutation UpdateCannedReply($id: ID!, $input: UpdateCannedReplyInput!) {
    updateCannedReply(id: $id, input: $input) {
      id
    }
  }
`);

/** As the API bounds them (it checks them again). */
const MAX_TITLE = 80;
const MAX_BODY = 1600;

/** The field the API named in its refusal (`extensions.field`), to mark that input invalid. */
function refusedField(error: unknown): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  const field = error.errors[0]?.extensions?.field;
  return typeof field === "string" ? field : undefined;
}

/**
 * A canned reply's title, shortcut and text, to add one or change one (`reply`). The API checks everything (sizes,
 * variables, a shortcut in use) and its sentence shows inline, on the field it names; the list is read again after
 * a save, so it keeps the API's order.
 */
export function CannedReplyForm(props: {
  reply?: { id: string; title: string; body: string; shortcut?: string | null };
  variables: readonly string[];
  onDone: (saved: { title: string } | null) => void;
}) {
  const id = useId();
  const [title, setTitle] = useState(props.reply?.title ?? "");
  const [shortcut, setShortcut] = useState(props.reply?.shortcut ?? "");
  const [body, setBody] = useState(props.reply?.body ?? "");
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const refetch = { refetchQueries: [{ query: CannedRepliesQuery }], awaitRefetchQueries: true };
  const [create] = useMutation(CreateCannedReplyMutation, refetch);
  const [update] = useMutation(UpdateCannedReplyMutation, refetch);
  const invalid = refusedField(error);
  const errorId = `${id}-error`;
  const described = (field: string, ...ids: string[]) => [...ids, invalid === field ? errorId : null].filter(Boolean).join(" ") || undefined;

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      // An emptied shortcut removes it.
      const input = { title, body, shortcut: shortcut.trim() || null };
      if (props.reply) await update({ variables: { id: props.reply.id, input } });
      else await create({ variables: { input } });
      props.onDone({ title: title.trim() });
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  /** Puts `{{name}}` at the caret of the text, and the focus back there. */
  function insertVariable(name: string) {
    const el = bodyRef.current;
    const token = `{{${name}}}`;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    setBody(`${body.slice(0, start)}${token}${body.slice(end)}`);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  const heading = props.reply ? `Edit “${props.reply.title}”` : "New canned reply";
  return (
    <form className="canned-form" aria-label={heading} onSubmit={save}>
      <div className="canned-form__row">
        <div className="field canned-form__title">
          <label htmlFor={`${id}-title`} className="label">
            Title
          </label>
          <input
            id={`${id}-title`}
            className="input"
            value={title}
            maxLength={MAX_TITLE}
            required
            autoComplete="off"
            aria-invalid={invalid === "title" || undefined}
            aria-describedby={described("title")}
            onChange={(event) => setTitle(event.target.value)}
          />
        </div>
        <div className="field canned-form__shortcut">
          <label htmlFor={`${id}-shortcut`} className="label">
            Shortcut <span className="canned-form__optional">(optional)</span>
          </label>
          <input
            id={`${id}-shortcut`}
            className="input"
            value={shortcut}
            placeholder="/later"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={invalid === "shortcut" || undefined}
            aria-describedby={described("shortcut", `${id}-shortcut-hint`)}
            onChange={(event) => setShortcut(event.target.value)}
          />
          <p id={`${id}-shortcut-hint`} className="canned-form__hint">
            Typed in the message box to insert it: a slash, then letters, digits, - or _.
          </p>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`} className="label">
          Message
        </label>
        <textarea
          id={`${id}-body`}
          ref={bodyRef}
          className="input"
          rows={3}
          value={body}
          required
          aria-invalid={invalid === "body" || undefined}
          aria-describedby={described("body", `${id}-body-count`, `${id}-variables`)}
          onChange={(event) => setBody(event.target.value)}
        />
        <div className="canned-form__variables" id={`${id}-variables`}>
          <span className="canned-form__hint">Filled in for each conversation; a missing one leaves a placeholder to replace.</span>
          {props.variables.map((name) => (
            <button key={name} type="button" className="button button--quiet button--small" onClick={() => insertVariable(name)}>
              Insert <code>{`{{${name}}}`}</code>
            </button>
          ))}
          <span id={`${id}-body-count`} className="canned-form__count">
            {[...body.trim()].length.toLocaleString("en-US")} / {MAX_BODY.toLocaleString("en-US")} characters
          </span>
        </div>
      </div>
      <ErrorNotice error={error} id={errorId} />
      <div className="canned-form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {props.reply ? "Save changes" : "Add canned reply"}
        </button>
        <button type="button" className="button button--quiet" onClick={() => props.onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
