import { Suspense, useEffect } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { NotFound } from './components/NotFound.tsx';
import { routes } from './routes.tsx';
import { useStore } from './store/index.ts';

/** The shell: skip link, header with sign-in state, and the routed page. */
export function App() {
  const [location] = useLocation();
  useEffect(() => {
    void useStore.getState().loadSession();
  }, []);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <ErrorBoundary resetKey={location}>
          <Suspense fallback={<p className="page muted">Loading…</p>}>
            <Switch>
              {routes.map(({ path, page: Page, signedIn }) => (
                <Route key={path} path={path}>
                  {signedIn ? (
                    <SignedIn>
                      <Page />
                    </SignedIn>
                  ) : (
                    <Page />
                  )}
                </Route>
              ))}
              <Route>
                <NotFound />
              </Route>
            </Switch>
          </Suspense>
        </ErrorBoundary>
      </main>
    </>
  );
}

function SignedIn({ children }: { children: React.ReactNode }) {
  const me = useStore((s) => s.me);
  const ready = useStore((s) => s.sessionReady);
  const [location] = useLocation();
  if (!ready) return <p className="page muted">Loading…</p>;
  if (!me) return <Redirect to={`/signin?next=${encodeURIComponent(location)}`} />;
  return <>{children}</>;
}

function SiteHeader() {
  const me = useStore((s) => s.me);
  const hosting = useStore((s) => s.hosting);
  const [location] = useLocation();
  // Creating a series in the console makes someone a host: ask the server again there.
  const consolePath = location.startsWith('/host') ? location : null;
  useEffect(() => {
    if (consolePath && useStore.getState().me && !useStore.getState().hosting) void useStore.getState().loadSession();
  }, [consolePath]);
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        TweetJam
      </Link>
      <nav aria-label="Main">
        <Link href="/jams">All jams</Link>
        {me && hosting && <Link href="/host">Host console</Link>}
        {me?.siteAdmin && <Link href="/admin">Site admin</Link>}
        {me ? (
          <>
            <Link href="/account" className="small" title="Your account: email, reminders">
              @{me.handle}
            </Link>
            <button
              type="button"
              className="link"
              onClick={() =>
                void useStore
                  .getState()
                  .signOut()
                  .then(() => import('./api/realtime.ts'))
                  .then((realtime) => realtime.reconnectAsNewUser())
              }
            >
              Sign out
            </button>
          </>
        ) : (
          location !== '/signin' && <Link href={`/signin?next=${encodeURIComponent(location)}`}>Sign in</Link>
        )}
      </nav>
    </header>
  );
}
