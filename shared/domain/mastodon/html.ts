/**
 * Post text and bios as the HTML Mastodon clients render: every character escaped, paragraphs for blank-line
 * breaks, `<br>` for single newlines, and the markup Mastodon itself emits for links, mentions and hashtags
 * (clients style and route on these classes). The only tags produced are p, br, a and span, each with fixed
 * attributes; user text only ever appears escaped, and only http(s) URLs become links.
 */
import type { PostEntities } from '#shared/domain/post';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export interface LinkBase {
  /** Public base URL (no trailing slash), for profile and tag links. */
  publicUrl: string;
}

type Piece = { start: number; end: number; html: string };

/** The text as HTML with its entities marked up (entities are string offsets into `text`). */
export function renderPostHtml(text: string, entities: PostEntities, base: LinkBase): string {
  const pieces: Piece[] = [
    ...entities.urls.flatMap((entity) =>
      isHttpUrl(entity.url) ? [{ ...entity, html: linkHtml(entity.url) }] : [],
    ),
    ...entities.mentions.map((entity) => ({
      ...entity,
      html: mentionHtml(entity.username, `${base.publicUrl}/@${encodeURIComponent(entity.username)}`),
    })),
    ...entities.hashtags.map((entity) => ({
      ...entity,
      html: hashtagHtml(entity.tag, `${base.publicUrl}/tags/${encodeURIComponent(entity.tag.toLowerCase())}`),
    })),
  ].sort((a, b) => a.start - b.start);
  let html = '';
  let at = 0;
  for (const piece of pieces) {
    if (piece.start < at || piece.end > text.length) continue;
    html += escapeText(text.slice(at, piece.start)) + piece.html;
    at = piece.end;
  }
  html += escapeText(text.slice(at));
  return paragraphs(html);
}

/** Plain text (a bio, a profile field) as HTML: escaped, with line breaks. */
export function renderPlainHtml(text: string): string {
  return text === '' ? '' : paragraphs(escapeText(text));
}

function escapeText(text: string): string {
  return escapeHtml(text);
}

function paragraphs(html: string): string {
  return html
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>')}</p>`)
    .join('');
}

function isHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

export function linkHtml(url: string): string {
  const withoutScheme = url.replace(/^https?:\/\//, '');
  return `<a href="${escapeHtml(url)}" rel="nofollow noopener noreferrer" target="_blank">${escapeHtml(withoutScheme)}</a>`;
}

function mentionHtml(username: string, url: string): string {
  return `<span class="h-card"><a href="${escapeHtml(url)}" class="u-url mention">@<span>${escapeHtml(username)}</span></a></span>`;
}

function hashtagHtml(tag: string, url: string): string {
  return `<a href="${escapeHtml(url)}" class="mention hashtag" rel="tag">#<span>${escapeHtml(tag)}</span></a>`;
}
