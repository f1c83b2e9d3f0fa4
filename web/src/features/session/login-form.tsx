"use client";

import { useApolloClient, useMutation, useQuery } from "@apollo/client/react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type FormEvent } from "react";
import { errorMessage } from "@/apollo/errors";
import { setToken, useToken } from "@/apollo/token";
import { graphql } from "@/gql";
import { Field } from "@/ui/field";
import { safeNextPath } from "./next-path";

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
      <Field label="Email">
        {(inputId) => (
          <input
            id={inputId}
            className="input"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              if (error) reset();
            }}
          />
        )}
      </Field>
      <Field label="Password">
        {(inputId) => (
          <input
            id={inputId}
            className="input"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              if (error) reset();
            }}
          />
        )}
      </Field>
      {error && (
        <p id={`${id}-error`} className="notice notice--error" role="alert">
          {errorMessage(error)}
        </p>
      )}
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
