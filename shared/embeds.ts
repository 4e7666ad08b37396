import { z } from './zod.ts';
import { escapeHtml } from './html.ts';

/** Embeds: the live widget and the archive/recap card as iframe pages, oEmbed, per-series framing. */

export const widgetPath = (jamSlug: string) => `/embed/jams/${jamSlug}`;
export const cardPath = (jamSlug: string) => `/embed/jams/${jamSlug}/card`;

/** Sizes offered by the embed code generator (and the oEmbed defaults). */
export const EmbedSize = {
  widget: { width: 400, height: 600 },
  card: { width: 500, height: 320 },
} as const;

/** An origin a series lets frame its widgets: scheme + host (+ port), nothing else. */
const originSchema = z
  .string()
  .trim()
  .max(200)
  .transform((value, ctx) => {
    try {
      const url = new URL(value);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin !== 'null') return url.origin;
    } catch {
      /* reported below */
    }
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a site origin like https://blog.example.com` });
    return z.NEVER;
  });

/**
 * PUT /api/series/:slug/embed. `anywhere`: any site may frame the widgets (the default, so oEmbed
 * works in any blog); `listed`: only the origins listed.
 */
export const embedSettingsSchema = z.object({
  framing: z.enum(['anywhere', 'listed']),
  origins: z.array(originSchema).max(20).default([]),
});
export type EmbedSettingsInput = z.infer<typeof embedSettingsSchema>;

export const embedSettingsViewSchema = z.object({ framing: z.enum(['anywhere', 'listed']), origins: z.array(z.string()) }).meta({ id: 'EmbedSettingsView' });
export type EmbedSettingsView = z.infer<typeof embedSettingsViewSchema>;

export const oembedQuerySchema = z.object({
  url: z.string().trim().min(1).max(2000),
  format: z.string().optional(),
  maxwidth: z.coerce.number().int().min(100).max(4000).optional(),
  maxheight: z.coerce.number().int().min(100).max(4000).optional(),
});

/** The oEmbed 1.0 "rich" response (https://oembed.com §2.3.4). */
export const oembedResponseSchema = z
  .object({
    version: z.literal('1.0'),
    type: z.literal('rich'),
    provider_name: z.literal('TweetJam'),
    provider_url: z.string(),
    title: z.string(),
    author_name: z.string(),
    author_url: z.string(),
    html: z.string(),
    width: z.number().int().nonnegative(),
    height: z.number().int().nonnegative(),
    cache_age: z.number().int().nonnegative(),
  })
  .meta({ id: 'OEmbedResponse' });
export type OEmbedResponse = z.infer<typeof oembedResponseSchema>;

/** The markup pasted into a page: an iframe, with a plain link for readers whose browser shows no frames. */
export function embedHtml(src: string, link: string, title: string, width: number, height: number): string {
  return `<iframe src="${escapeHtml(src)}" width="${width}" height="${height}" title="${escapeHtml(`TweetJam: ${title}`)}" style="border:1px solid #d0d7de;border-radius:8px;max-width:100%" loading="lazy"><a href="${escapeHtml(link)}">${escapeHtml(title)} on TweetJam</a></iframe>`;
}
