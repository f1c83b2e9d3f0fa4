"use client";

/** The footer button of a paged list: loads the next page, says so while it loads. */
export function LoadMore({ label, loading, onLoad }: { label: string; loading: boolean; onLoad: () => unknown }) {
  return (
    <div className="list-footer">
      <button type="button" className="button button--secondary" disabled={loading} onClick={() => void onLoad()}>
        {loading ? "Loading…" : label}
      </button>
    </div>
  );
}
