"use client";

import { useApolloClient, useMutation, useQuery } from "@apollo/client/react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type FormEvent } from "react";
import { setToken, useToken } from "@/apollo/token";
import { graphql } from "@/gql";
import { Field } from "@/ui/field";
import { safeNextPath } from "./next-path";
import { ErrorNotice } from "@/ui/error-notice";

const LoginPageQuery = graphql(`
  query LoginPage {
    serverInfo {
      simulator
    }
  }
`);

const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      agent {
        id
        name
      }
    }
  }
`);

export function LoginForm() {
  const id = useId();
  const router = useRouter();
  const client = useApolloClient();
  const token = useToken();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [login, { loading, error, reset }] = useMutation(LoginMutation);
  // A development API (Twilio simulator) has the seeded demo agents: say how to sign in.
  const { data: info } = useQuery(LoginPageQuery);

  // Signed in (now, or already in another tab): go where the agent was heading.
  useEffect(() => {
    if (token) router.replace(safeNextPath(new URLSearchParams(window.location.search).get("next")));
  }, [token, router]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      const { data } = await login({ variables: { email: email.trim(), password } });
      if (!data) return;
      await client.clearStore(); // nothing cached for a previous agent
      setToken(data.login.token); // the effect above navigates
    } catch {
      // shown from `error` below
    }
  }

  // Typing again clears the last refusal.
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    if (error) reset();
  };

  const busy = loading || Boolean(token);
  return (
    <form className="panel login-form" onSubmit={submit} aria-describedby={error ? `${id}-error` : undefined}>
      <div className="login-form__brand">
        <span className="rail__logo" aria-hidden="true">
          td
        </span>
        <span>Talkdesk SMS</span>
      </div>
      <div>
        <h1 className="login-form__title">Sign in</h1>
        <p className="muted">to the agent console</p>
      </div>
      <TextField label="Email" type="email" autoComplete="username" value={email} onChange={edit(setEmail)} />
      <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={edit(setPassword)} />
      <ErrorNotice error={error} id={`${id}-error`} />
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {info?.serverInfo.simulator && (
        <p className="login-form__demo">
          Demo agents: <strong>ana@demo.talkdesk.test</strong> or <strong>ben@demo.talkdesk.test</strong>, password <strong>demo-password</strong>
        </p>
      )}
    </form>
  );
}

/** A required input of the sign-in form; its name is its type (email, password), as password managers expect. */
function TextField(props: { label: string; type: "email" | "password"; autoComplete: string; value: string; onChange: (value: string) => void }) {
  return (
    <Field label={props.label}>
      {(id) => (
        <input
          id={id}
          className="input"
          type={props.type}
          name={props.type}
          autoComplete={props.autoComplete}
          required
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
