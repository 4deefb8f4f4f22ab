import type { ComponentChildren } from 'preact';
import type { Post } from '../api-types';
import { Link } from '../router';

/**
 * A post's text with its entities as links: built from the server's UTF-16 offsets, as text nodes and elements
 * (never HTML), so user text cannot inject markup.
 */
export function PostText({ post }: { post: Post }) {
  const { text, entities } = post;
  const spans = [
    ...entities.urls.map((url) => ({
      start: url.start,
      end: url.end,
      node: externalLink(url.url, text.slice(url.start, url.end)),
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

function externalLink(url: string, label: string) {
  return (
    <a href={url} rel="noopener noreferrer nofollow ugc" target="_blank">
      {label}
    </a>
  );
}
