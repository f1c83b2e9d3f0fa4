"use client";

import { useMutation } from "@apollo/client/react";
import { useId, useState, type FormEvent } from "react";
import { graphql } from "@/gql";
import { addEntryToTimelines } from "./timeline-cache";
import { ErrorNotice } from "@/ui/error-notice";

const CreateNoteMutation = graphql(`
  mutation CreateNote($contactId: ID!, $body: String!) {
    createNote(contactId: $contactId, body: $body) {
      id
      ...NoteEntryItem_entry
    }
  }
`);

/** Writes a note on the contact's timeline; it appears on top at once (the cache is updated, nothing refetched). */
export function NoteForm({ contactId, onDone }: { contactId: string; onDone?: () => void }) {
  const id = useId();
  const [body, setBody] = useState("");
  const [createNote, { loading, error, reset }] = useMutation(CreateNoteMutation, {
    update(cache, { data }) {
      if (data) addEntryToTimelines(cache, contactId, { __typename: "NoteEntry", id: data.createNote.id });
    },
  });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!body.trim()) return;
    try {
      await createNote({ variables: { contactId, body } });
      setBody("");
      onDone?.();
    } catch {
      // shown from `error` below
    }
  }

  return (
    <form className="note-form" onSubmit={submit} aria-describedby={error ? `${id}-error` : undefined}>
      <label htmlFor={`${id}-body`} className="label">
        Add a note
      </label>
      <textarea
        id={`${id}-body`}
        className="input note-form__body"
        rows={2}
        autoFocus
        maxLength={10000}
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          if (error) reset();
        }}
        placeholder="Visible to every agent of the account"
      />
      <ErrorNotice error={error} id={`${id}-error`} />
      <div className="note-form__actions">
        {onDone && (
          <button type="button" className="button button--quiet" onClick={onDone}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary" disabled={loading || !body.trim()}>
          {loading ? "Saving…" : "Add note"}
        </button>
      </div>
    </form>
  );
}
