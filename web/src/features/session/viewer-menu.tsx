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

const SignOutEverywhereMutation = graphql(`
  mutation SignOutEverywhere {
    signOutEverywhere
  }
`);

/** Who is signed in, to which account, and the way out: of this browser, or of every session the agent has. */
export function ViewerMenu(props: { viewer: FragmentType<typeof ViewerMenuFragment> }) {
  const viewer = getFragmentData(ViewerMenuFragment, props.viewer);
  const client = useApolloClient();
  const [logout] = useMutation(LogoutMutation);
  const [signOutEverywhere] = useMutation(SignOutEverywhereMutation);
  const [signingOut, setSigningOut] = useState(false);

  async function signOut(everywhere: boolean) {
    setSigningOut(true);
    try {
      // Ends the session on the API (its token stops working, its sockets close) and clears the cookie.
      await (everywhere ? signOutEverywhere() : logout());
    } catch {
      // Signing out of this browser matters most; the API may be unreachable.
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
      <button type="button" className="button button--quiet" onClick={() => signOut(false)} disabled={signingOut}>
        {signingOut ? "Signing out…" : "Sign out"}
      </button>
      {viewer.agent && (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => signOut(true)}
          disabled={signingOut}
          title="Ends every session of yours: other browsers and devices must sign in again."
        >
          Sign out everywhere
        </button>
      )}
    </div>
  );
}
