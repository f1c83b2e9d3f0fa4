import type { ReactNode } from "react";
import { LoadMore } from "./load-more";
import { ErrorNotice } from "./error-notice";

interface Connection<TNode> {
  edges: readonly { node: TNode }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/**
 * The states of a list that pages (a GraphQL connection): the error when nothing could be loaded, "Loading…" until the
 * first page, then the rows (or what to say when there are none) and the button for the next page.
 */
export function ConnectionList<TNode>(props: {
  connection: Connection<TNode> | undefined;
  error: unknown;
  loadingText: string;
  /** The rows shown (all the connection's nodes unless given: a list may leave some out). */
  nodes?: readonly TNode[];
  renderRows: (nodes: readonly TNode[]) => ReactNode;
  empty: ReactNode;
  moreLabel: string;
  loadingMore: boolean;
  /** Fetches the page after `after` (the connection's endCursor). */
  onLoadMore: (after: string | null | undefined) => Promise<unknown>;
  className?: string;
  busy?: boolean;
  /** Shown above the rows once the list has loaded (e.g. a live region that counts the results). */
  header?: ReactNode;
}) {
  const { connection, error } = props;
  if (!connection) {
    return error ? (
      <ErrorNotice error={error} />
    ) : (
      <p className="page-status" role="status">
        {props.loadingText}
      </p>
    );
  }
  const nodes = props.nodes ?? connection.edges.map((edge) => edge.node);
  return (
    <div className={props.className} aria-busy={props.busy}>
      {props.header}
      {nodes.length === 0 ? props.empty : props.renderRows(nodes)}
      {connection.pageInfo.hasNextPage && (
        <LoadMore
          label={props.moreLabel}
          loading={props.loadingMore}
          onLoad={() => props.onLoadMore(connection.pageInfo.endCursor).catch(() => {})}
        />
      )}
    </div>
  );
}
