import { useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { describeError, toApiError } from '../api/http.ts';
import { reconnectAsNewUser } from '../api/realtime.ts';
import { useStore } from '../store/index.ts';

/** Sign in, or create an account, then go back where the reader came from. */
export default function SignIn() {
  const params = new URLSearchParams(useSearch());
  // "Host a jam" sends newcomers here with ?mode=signup.
  const [mode, setMode] = useState<'signin' | 'signup'>(() => (params.get('mode') === 'signup' ? 'signup' : 'signin'));
  const [handle, setHandle] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, navigate] = useLocation();
  const next = params.get('next');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const store = useStore.getState();
      if (mode === 'signin') await store.signIn(handle, password);
      else await store.signUp(handle, password, displayName);
      reconnectAsNewUser();
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
    } catch (e) {
      setError(describeError(toApiError(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <h1>{mode === 'signin' ? 'Sign in' : 'Create an account'}</h1>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <label htmlFor="handle">Handle</label>
        <input id="handle" autoComplete="username" value={handle} onChange={(e) => setHandle(e.target.value)} required />
        {mode === 'signup' && (
          <>
            <label htmlFor="displayName">Display name</label>
            <input id="displayName" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </>
        )}
        <label htmlFor="password">Password</label>
        <input id="password" type="password" autoComplete={mode === 'signin' ? 'current-password' : 'new-password'} value={password} onChange={(e) => setPassword(e.target.value)} required minLength={mode === 'signup' ? 8 : 1} />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'signin' ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <p>
        {mode === 'signin' ? 'New here? ' : 'Have an account? '}
        <button type="button" className="link" onClick={() => setMode(mode === 'signin' ? 'signup' : 'signin')}>
          {mode === 'signin' ? 'Create an account' : 'Sign in instead'}
        </button>
      </p>
      {mode === 'signin' && (
        <p>
          <Link href="/reset-password">Forgot your password?</Link>
        </p>
      )}
    </div>
  );
}
