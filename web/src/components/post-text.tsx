import type { ComponentChildren } from 'preact';
import type { TextEntities } from '../api-types';
import { Link } from '../router';

/**
 * A post's (or message's) text with its entities (URLs, mentions, hashtags) as links: built from the server's
 * UTF-16 offsets, as text nodes and elements (never HTML), so user text cannot inject markup.
 */
export function PostText({ post }: { post: { text: string; entities: TextEntities } }) {
  const { text, entities } = post;
  const spans = [
    ...entities.urls.map((url) => ({
      start: url.start,
      end: url.end,
      node: externalLink(url.url, text.slice(url.start, url.end)),
    })),
    ...entities.hashtags.map((hashtag) => ({
      start: hashtag.start,
      end: hashtag.end,
      node: <Link href={hashtagPath(hashtag.tag)}>{text.slice(hashtag.start, hashtag.end)}</Link>,
    })),
    ...entities.mentions.map((mention) => ({
      start: mention.start,
      end: mention.end,
      node: <Link href={`/@${mention.username}`}>{text.slice(mention.start, mention.end)}</Link>,
    })),
  ].sort((a, b) => a.start - b.start);
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    parts.push(text.slice(at, span.start), span.node);
    at = span.end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/** The hashtag page of a tag (as written; the server folds case and accents). */
export function hashtagPath(tag: string): string {
  return `/tags/${encodeURIComponent(tag)}`;
}

function externalLink(url: string, label: string) {
  return (
    <a href={url} rel="noopener noreferrer nofollow ugc" target="_blank">
      {label}
    </a>
  );
}
