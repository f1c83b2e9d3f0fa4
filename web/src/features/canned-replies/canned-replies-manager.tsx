"use client";

import { useMutation, useQuery } from "@apollo/client/react";
import { useId, useState } from "react";
import { graphql } from "@/gql";
import { ErrorNotice } from "@/ui/error-notice";
import { CannedReplyForm } from "./canned-reply-form";
import { CannedRepliesQuery, useCannedReplies } from "./use-canned-replies";

const CannedReplyVariablesQuery = graphql(`
  query CannedReplyVariables {
    cannedReplyVariables
  }
`);

const DeleteCannedReplyMutation = graphql(`
  mutation DeleteCannedReply($id: ID!) {
    deleteCannedReply(id: $id)
  }
`);

type Reply = ReturnType<typeof useCannedReplies>["replies"][number];

/**
 * The team's canned replies: every one by title, with its shortcut and text, to add, edit and delete. Agents insert
 * them from the composer (its Canned replies list, or by typing the shortcut); the variables come from the API.
 */
export function CannedRepliesManager() {
  const id = useId();
  const { replies, loading, error } = useCannedReplies({ fetchPolicy: "cache-and-network" });
  const variables = useQuery(CannedReplyVariablesQuery).data?.cannedReplyVariables ?? [];
  /** "new", a reply's id, or nothing: the one form open. */
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState("");
  const done = (result: { title: string } | null, what: string) => {
    setEditing(null);
    setSaved(result ? `${what} “${result.title}”.` : "");
  };

  return (
    <div className="page">
      <section className="panel canned-replies" aria-labelledby={`${id}-title`}>
        <div className="panel__header">
          <h1 id={`${id}-title`} className="panel__title">
            Canned replies
          </h1>
          <button
            type="button"
            className="button button--primary"
            aria-expanded={editing === "new"}
            onClick={() => setEditing((open) => (open === "new" ? null : "new"))}
          >
            New canned reply
          </button>
        </div>
        <p className="canned-replies__intro">
          Agents insert these from the message box: with the Canned replies button, or by typing a shortcut such as <code>/later</code>.
        </p>
        <p className="visually-hidden" role="status">
          {saved}
        </p>
        {editing === "new" && <CannedReplyForm variables={variables} onDone={(result) => done(result, "Added")} />}
        <ErrorNotice error={error} />
        {loading ? (
          <p className="page-status" role="status">
            Loading canned replies…
          </p>
        ) : replies.length === 0 && !error ? (
          <p className="empty">No canned replies yet: add the answers your team sends most.</p>
        ) : (
          <ul className="canned-rows" aria-label="Canned replies">
            {replies.map((reply) =>
              editing === reply.id ? (
                <li key={reply.id} className="canned-row canned-row--editing">
                  <CannedReplyForm reply={reply} variables={variables} onDone={(result) => done(result, "Saved")} />
                </li>
              ) : (
                <CannedReplyRow
                  key={reply.id}
                  reply={reply}
                  onEdit={() => setEditing(reply.id)}
                  onDeleted={(title) => setSaved(`Deleted “${title}”.`)}
                />
              ),
            )}
          </ul>
        )}
      </section>
    </div>
  );
}

/** One reply: title, shortcut, text and who wrote it; Delete asks first, inline. */
function CannedReplyRow({ reply, onEdit, onDeleted }: { reply: Reply; onEdit: () => void; onDeleted: (title: string) => void }) {
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [remove, { loading }] = useMutation(DeleteCannedReplyMutation, {
    refetchQueries: [{ query: CannedRepliesQuery }],
    awaitRefetchQueries: true,
  });

  async function confirmDelete() {
    setError(null);
    try {
      await remove({ variables: { id: reply.id } });
      onDeleted(reply.title);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <li className="canned-row" aria-labelledby={`${id}-title`}>
      <div className="canned-row__head">
        <h2 id={`${id}-title`} className="canned-row__title">
          {reply.title}
        </h2>
        {reply.shortcut && <code className="canned-row__shortcut">{reply.shortcut}</code>}
      </div>
      <p className="canned-row__body">{reply.body}</p>
      {reply.createdBy && <p className="canned-row__meta">Added by {reply.createdBy.name}</p>}
      <ErrorNotice error={error} />
      {confirming ? (
        <div className="canned-row__actions" role="group" aria-label={`Delete “${reply.title}”?`}>
          <span className="canned-row__confirm">Delete this reply for everyone?</span>
          <button type="button" className="button button--danger button--small" disabled={loading} onClick={() => void confirmDelete()}>
            Delete
          </button>
          <button type="button" className="button button--quiet button--small" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <div className="canned-row__actions">
          <button type="button" className="button button--quiet button--small" onClick={onEdit}>
            Edit
          </button>
          <button type="button" className="button button--danger button--small" onClick={() => setConfirming(true)}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
