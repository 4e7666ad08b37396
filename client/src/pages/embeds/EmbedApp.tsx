import { lazy, Suspense, useEffect } from 'react';
import { Route, Switch } from 'wouter';
import { ErrorBoundary } from '../../components/ErrorBoundary.tsx';
import { useStore } from '../../store/index.ts';

const EmbedWidget = lazy(() => import('./EmbedWidget.tsx'));
const EmbedCard = lazy(() => import('./EmbedCard.tsx'));

/** The shell for pages other sites frame: no site header, one landmark, links open a new tab. */
export function EmbedApp() {
  useEffect(() => {
    void useStore.getState().loadSession();
  }, []);
  return (
    <main id="main">
      <ErrorBoundary resetKey="embed">
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Switch>
            <Route path="/embed/jams/:slug/card" component={EmbedCard} />
            <Route path="/embed/jams/:slug" component={EmbedWidget} />
            <Route>
              <p>Nothing to show here.</p>
            </Route>
          </Switch>
        </Suspense>
      </ErrorBoundary>
    </main>
  );
}
