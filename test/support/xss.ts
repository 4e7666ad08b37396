import type { JamView } from '../../shared/model.ts';
import { ApiClient } from './harness.ts';

/** Payloads that would run script or inject markup if any user string reached a page unescaped; each sets window.xssFired. */
export const XSS_PAYLOADS = [
  '<script>window.xssFired = 1</script>',
  '<img src=x onerror="window.xssFired = 1">',
  '"><svg onload="window.xssFired = 1">',
  "'><iframe src=javascript:window.xssFired=1>",
  'javascript:window.xssFired=1',
  '<a href="javascript:window.xssFired=1">click</a>',
];

/** A live jam whose host's and panelist's names, series name, title and question each carry a payload. */
export async function hostileJam(baseUrl: string): Promise<{ host: ApiClient; panelist: ApiClient; jam: JamView }> {
  const [p0, p1, p2, p3] = XSS_PAYLOADS;
  const host = await new ApiClient(baseUrl).signUp('xss_host', `Host ${p1}`.slice(0, 60));
  const panelist = await new ApiClient(baseUrl).signUp('xss_panel', `Pan ${p2}`.slice(0, 60));
  const series = await host.createSeries({ name: `Series ${p3}`, hashtag: 'xsschat' });
  const jam = await host.createJam(series.slug, {
    title: `Jam ${p0}`,
    live: true,
    panelists: [panelist.user!.handle],
    questions: [{ text: `Question ${p1}`, offsetMin: 0 }],
  });
  return { host, panelist, jam };
}
