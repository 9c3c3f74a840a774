// /setup?token=…: creates the first coordinator account with the one-time token the server printed.
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { Link, navigate } from '../navigate.ts';
import { ErrorMessage, Loading, Page } from '../Page.tsx';
import { messageOf, useFormAction } from '../errors.ts';

const MIN_PASSWORD_CHARS = 12;

/** The first-run form: name, email and a password of at least 12 characters. */
export function SetupPage() {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, setError, busy, submit } = useFormAction(async () => {
    if (password.length < MIN_PASSWORD_CHARS) throw new Error(`The password needs at least ${MIN_PASSWORD_CHARS} characters.`);
    await api.setup({ token, name: name.trim(), email: email.trim(), password });
    navigate('/', { replace: true });
  });

  useEffect(() => {
    api.setupNeeded().then(
      (answer) => setNeeded(answer.needed),
      (failure: unknown) => setError(messageOf(failure)),
    );
  }, [setError]);

  if (needed === false) {
    return (
      <Page title="Already set up">
        <p>
          This board already has a coordinator account. <Link href="/login">Sign in</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title="Set up the coordinator account">
      {needed === null && !error && <Loading what="Checking…" />}
      {!token && <ErrorMessage>This page needs the setup link the server printed when it started. Open that link.</ErrorMessage>}
      <form className="form" onSubmit={submit}>
        <ErrorMessage>{error}</ErrorMessage>
        <div className="field">
          <label htmlFor="setup-name">Your name</label>
          <input id="setup-name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="setup-email">Email</label>
          <input id="setup-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="setup-password">Password</label>
          <p className="hint" id="setup-password-hint">
            At least {MIN_PASSWORD_CHARS} characters. A few words strung together is easy to remember.
          </p>
          <input
            id="setup-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_CHARS}
            aria-describedby="setup-password-hint"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy || !token}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
    </Page>
  );
}
