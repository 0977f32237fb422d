/**
 * The pages a share link opens and the HTML a blogger pastes: the app (`index.html`), the
 * embed (`embed.html`), and the `<iframe>` snippet with its optional auto-height script.
 * URLs are built from the page's own location, so they follow the deployment's base path.
 */
import { escapeXML } from '../xml';
import { DARK, LIGHT } from '../timeline/palette';
import type { Theme } from './link';

/** Height of the embed frame before the page reports its own (and without the script). */
export const EMBED_HEIGHT = 560;

/** The message the embed posts to its parent whenever its height changes. */
export interface HeightMessage {
  type: 'refscope:height';
  height: number;
}

export function isHeightMessage(data: unknown): data is HeightMessage {
  const d = data as Partial<HeightMessage> | null;
  return typeof d === 'object' && d !== null && d.type === 'refscope:height' && typeof d.height === 'number';
}

/** `page` (any URL of the deployment) with its hash replaced by `hash`. */
export function linkTo(page: string, hash: string): string {
  const url = new URL(page);
  url.hash = '';
  return `${url.href.replace(/#$/, '')}${hash === '#' ? '' : hash}`;
}

/** The embed page of the deployment that serves `page`, opened on `hash`. */
export function embedURL(page: string, hash: string): string {
  return linkTo(new URL('embed.html', page).href, hash);
}

/** The full app of the deployment that serves `page`, opened on `hash`. */
export function appURL(page: string, hash: string): string {
  return linkTo(new URL('index.html', page).href, hash);
}

/**
 * The HTML to paste into a page: the iframe, and (unless `autoHeight` is false) a script
 * that sets the frame's height to what the embed reports. The script accepts messages
 * only from the embed's origin and only for the frame that sent them.
 */
export function embedSnippet(src: string, options: { title?: string; autoHeight?: boolean; height?: number; theme?: Theme | null } = {}): string {
  const { title = 'Refscope: CPython memory, step by step', autoHeight = true, height = EMBED_HEIGHT, theme = null } = options;
  const origin = new URL(src).origin;
  // The frame's edge in the rule colour of the colours chosen (timeline/palette, as app.css's --border).
  const edge = (theme === 'dark' ? DARK : LIGHT).rule;
  const iframe = `<iframe src="${escapeXML(src)}" title="${escapeXML(title)}" width="100%" height="${height}" style="border:1px solid ${edge};border-radius:4px" loading="lazy"></iframe>`;
  if (!autoHeight) return iframe;
  return `${iframe}
<script>
addEventListener('message', function (e) {
  if (e.origin !== ${JSON.stringify(origin)} || !e.data || e.data.type !== 'refscope:height') return;
  document.querySelectorAll('iframe').forEach(function (f) {
    if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';
  });
});
</script>`;
}
