"use client";

import { useApolloClient, useMutation } from "@apollo/client/react";
import { useState } from "react";
import { clearToken } from "@/apollo/token";
import { getFragmentData, graphql, type FragmentType } from "@/gql";

export const ViewerMenuFragment = graphql(`
  fragment ViewerMenu_viewer on Viewer {
    agent {
      id
      name
    }
    account {
      id
      name
    }
  }
`);

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

/** Who is signed in, to which account, and the way out. */
export function ViewerMenu(props: { viewer: FragmentType<typeof ViewerMenuFragment> }) {
  const viewer = getFragmentData(ViewerMenuFragment, props.viewer);
  const client = useApolloClient();
  const [logout] = useMutation(LogoutMutation);
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    try {
      await logout(); // clears the API's session cookie
    } catch {
      // Signing out locally matters more than the cookie, which expires on its own.
    }
    await client.clearStore(); // nothing of this account stays in memory
    clearToken("signed-out"); // RequireSession then goes to /login
  }

  return (
    <div className="viewer-menu">
      <div className="viewer-menu__who">
        <span className="viewer-menu__agent">{viewer.agent?.name ?? "API key"}</span>
        <span className="viewer-menu__account">{viewer.account.name}</span>
      </div>
      <button type="button" className="button button--quiet" onClick={signOut} disabled={signingOut}>
        {signingOut ? "Signing out…" : "Sign out"}
      </button>
    </div>
  );
}
