import fs from 'node:fs';
import { Router, type Request, type Response } from 'express';
import { embedRoutes as routes } from '../../../shared/api/embeds.ts';
import { escapeHtml } from '../../../shared/html.ts';
import { recapPath } from '../../../shared/recaps.ts';
import type { Services } from '../../services.ts';
import { AppError, isAppError } from '../../errors.ts';
import { originOf, route } from '../edge.ts';
import { implement, type Implementation } from '../routing.ts';

/** GET /oembed?url=…: JSON only (the spec's 501 for any other format). Served without a client build too. */
export function oembedRoute(services: Services): Implementation {
  return implement(routes.oembed, async ({ query }, { req, res, answered }) => {
    // The oEmbed spec's answer for a format we do not offer is 501, whatever our usual codes say.
    if (query.format && query.format !== 'json') {
      res.status(501).json({ error: new AppError('invalid_input', 'only format=json is offered', 'format').toJSON() });
      return answered();
    }
    const answer = await services.embeds.oembed(query.url, originOf(req), { width: query.maxwidth, height: query.maxheight });
    res.set('Access-Control-Allow-Origin', '*');
    return answer;
  });
}

interface PageMeta {
  title: string;
  description: string;
  url: string;
  type: 'website' | 'article';
  /** The page's oEmbed discovery link, when it has one. */
  oembed?: string;
}

/** Open Graph, Twitter card and oEmbed discovery tags, every value escaped. */
export function metaTags(meta: PageMeta): string {
  const tags = [
    `<meta name="description" content="${escapeHtml(meta.description)}">`,
    `<meta property="og:site_name" content="TweetJam">`,
    `<meta property="og:type" content="${meta.type}">`,
    `<meta property="og:title" content="${escapeHtml(meta.title)}">`,
    `<meta property="og:description" content="${escapeHtml(meta.description)}">`,
    `<meta property="og:url" content="${escapeHtml(meta.url)}">`,
    `<meta name="twitter:card" content="summary">`,
    `<link rel="canonical" href="${escapeHtml(meta.url)}">`,
  ];
  if (meta.oembed) tags.push(`<link rel="alternate" type="application/json+oembed" href="${escapeHtml(meta.oembed)}" title="${escapeHtml(meta.title)}">`);
  return tags.join('\n    ');
}

/** index.html with a page's title and meta tags in its head, for link unfurlers that run no script. */
export function withMeta(index: string, meta: PageMeta): string {
  return index.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(meta.title)} · TweetJam</title>\n    ${metaTags(meta)}`);
}

/**
 * The client's pages that link unfurlers read (jams, recaps, series) served with their meta tags,
 * and the embed pages served with the series' own frame-ancestors. Anything unknown falls through
 * to the plain index.html (the client shows its own not-found).
 */
export function clientPages(services: Services, indexFile: string): Router {
  const router = Router();
  let cached: string | undefined;
  const index = () => (cached ??= fs.readFileSync(indexFile, 'utf8'));
  const send = (res: Response, html: string) => res.type('html').set('Cache-Control', 'no-cache').send(html);
  const oembedOf = (req: Request, path: string) => `${originOf(req)}/oembed?url=${encodeURIComponent(originOf(req) + path)}&format=json`;

  const page = (describe: (req: Request) => Promise<PageMeta>) =>
    route(async (req, res) => {
      try {
        send(res, withMeta(index(), await describe(req)));
      } catch (error) {
        if (!isAppError(error) || error.code !== 'not_found') throw error;
        send(res, index());
      }
    });

  router.get(
    '/jams/:slug/recap',
    page(async (req) => {
      const recap = await services.recaps.view(String(req.params.slug));
      const path = recapPath(recap.jam.slug);
      const quotes = recap.blocks.filter((b) => b.kind === 'quote').length;
      return { title: `Recap: ${recap.jam.title}`, description: recap.cover || `${quotes} highlights from ${recap.jam.series.hashtag}`, url: originOf(req) + path, type: 'article', oembed: oembedOf(req, path) };
    }),
  );
  router.get(
    '/jams/:slug',
    page(async (req) => {
      const jam = await services.jams.view(String(req.params.slug), null);
      const when = jam.status === 'ended' ? `${jam.messageCount} messages` : jam.status === 'live' ? 'Live now' : `Starts ${jam.startsAt}`;
      return { title: `${jam.title} (${jam.series.hashtag})`, description: jam.description || `${jam.series.name} · ${when}`, url: originOf(req) + jam.permalink, type: 'website', oembed: oembedOf(req, jam.permalink) };
    }),
  );
  router.get(
    '/series/:slug',
    page(async (req) => {
      const series = await services.series.get(String(req.params.slug));
      return { title: `${series.name} (${series.hashtag})`, description: series.description || `Tweet jams of ${series.hashtag}`, url: `${originOf(req)}/series/${series.slug}`, type: 'website' };
    }),
  );
  return router;
}

/** The only pages another site may frame (the live widget, the card), and only sites the series allows. */
export function embedPages(services: Services, indexFile: string): Implementation[] {
  let cached: string | undefined;
  const framed = async ({ params }: { params: { slug: string } }, { res }: { res: Response }) => {
    const ancestors = await services.embeds.frameAncestors(params.slug);
    const csp = String(res.getHeader('Content-Security-Policy') ?? '');
    res.setHeader('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${ancestors.join(' ')}`));
    res.removeHeader('X-Frame-Options');
    res.set('Cache-Control', 'no-cache');
    return (cached ??= fs.readFileSync(indexFile, 'utf8'));
  };
  return [implement(routes.widget, framed), implement(routes.card, framed)];
}
