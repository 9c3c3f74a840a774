// /login: the coordinator signs in with email and password.
import { useState } from 'react';
import { api } from '../api.ts';
import { navigate } from '../navigate.ts';
import { ErrorMessage, Page } from '../Page.tsx';
import { useFormAction } from '../errors.ts';

/** The sign-in form for coordinators. */
export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useFormAction(async () => {
    await api.login({ email: email.trim(), password });
    navigate('/');
  });

  return (
    <Page title="Sign in">
      <p>This is for coordinators. If you were invited to a conference, open the link you were sent.</p>
      <form className="form" onSubmit={submit}>
        <ErrorMessage>{error}</ErrorMessage>
        <div className="field">
          <label htmlFor="login-email">Email</label>
          <input id="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </Page>
  );
}
