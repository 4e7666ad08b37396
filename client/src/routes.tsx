import { createElement, lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { useParams } from 'wouter';

/**
 * Every client URL, one line each. Pages load lazily so the first paint carries only the router
 * and the page at hand. To add a page: write client/src/pages/X.tsx (default export) and add a
 * line here; `signedIn` pages send lurkers to /signin first.
 */
export interface PageRoute {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  signedIn?: boolean;
}

export const routes: PageRoute[] = [
  { path: '/', page: lazy(() => import('./pages/Home.tsx')) },
  { path: '/signin', page: lazy(() => import('./pages/SignIn.tsx')) },
  { path: '/account', page: lazy(() => import('./pages/account/Account.tsx')), signedIn: true },
  { path: '/account/verify', page: lazy(() => import('./pages/account/VerifyEmail.tsx')) },
  { path: '/reset-password', page: lazy(() => import('./pages/account/ResetPassword.tsx')) },
  { path: '/unsubscribe', page: lazy(() => import('./pages/account/Unsubscribe.tsx')) },
  { path: '/outbox', page: lazy(() => import('./pages/account/Outbox.tsx')) },
  { path: '/jams', page: lazy(() => import('./pages/AllJams.tsx')) },
  { path: '/series/:slug', page: lazy(() => import('./pages/SeriesPage.tsx')) },
  { path: '/jams/:slug', page: lazy(() => import('./pages/JamPage.tsx')) },
  { path: '/jams/:slug/recap', page: lazy(() => import('./pages/recaps/RecapPage.tsx')) },
  { path: '/host/jams/:slug/recap', page: lazy(() => import('./pages/recaps/RecapEditor.tsx')), signedIn: true },
  { path: '/jams/:slug/m/:id', page: lazy(() => import('./pages/JamPage.tsx')) },
  { path: '/jams/:slug/report', page: bySlug(() => import('./pages/JamReport.tsx')) },
  { path: '/jams/:slug/digest', page: bySlug(() => import('./pages/Digest.tsx')) },
  { path: '/series/:slug/metrics', page: bySlug(() => import('./pages/SeriesMetrics.tsx')) },
  { path: '/host', page: lazy(() => import('./pages/host/HostHome.tsx')), signedIn: true },
  { path: '/host/series/:slug', page: lazy(() => import('./pages/host/HostSeries.tsx')), signedIn: true },
  { path: '/host/jams/:slug', page: lazy(() => import('./pages/host/RunShow.tsx')), signedIn: true },
  { path: '/invites/:token', page: lazy(() => import('./pages/AcceptInvite.tsx')), signedIn: true },
  { path: '/admin', page: lazy(() => import('./pages/admin/AdminPage.tsx')), signedIn: true },
];

/** A lazily loaded page that takes the `:slug` of its URL as a prop. */
function bySlug(load: () => Promise<{ default: ComponentType<{ slug: string }> }>): LazyExoticComponent<ComponentType> {
  return lazy(async () => {
    const { default: Page } = await load();
    return { default: () => createElement(Page, { slug: useParams<{ slug: string }>().slug ?? '' }) };
  });
}
