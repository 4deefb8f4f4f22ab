/**
 * What a Mastodon client reads to learn about the server: instance v1 and v2, nodeinfo 2.0 and its discovery
 * document, and RFC 8414 OAuth metadata. The limits are Skylark's own (POST_TEXT_RULES): 140 characters, every
 * URL counting 23. No streaming URL: there is no streaming service. The user and status counts come from the
 * instance counters (shared/db/instance-stats-repository.ts: updated in the transactions that confirm or erase
 * an account and create or delete a post), never from a Scan.
 */

import { KNOWN_SCOPES, TOP_LEVEL_SCOPES } from '#shared/domain/oauth/scopes';
import { POST_TEXT_RULES } from '#shared/domain/post-text';

export const SKYLARK_VERSION = '0.1.0';
export const COMPATIBLE_VERSION = `4.0.0 (compatible; Skylark ${SKYLARK_VERSION})`;

export interface InstanceInput {
  publicUrl: string;
  contactEmail: string;
}

/** Confirmed accounts and posts on this server. */
export interface InstanceStats {
  users: number;
  posts: number;
}

const TITLE = 'Skylark';
const DESCRIPTION = 'A Twitter-style microblog anyone can run. Posts are at most 140 characters.';
export const INSTANCE_RULES = [{ id: '1', text: 'Be kind. Posts are public.', hint: '' }];

const statusLimits = {
  max_characters: POST_TEXT_RULES.maxLength,
  max_media_attachments: 0,
  characters_reserved_per_url: POST_TEXT_RULES.urlLength,
};
/** Uploads are not supported yet: no media types, zero sizes. */
const mediaLimits = {
  supported_mime_types: [] as string[],
  image_size_limit: 0,
  image_matrix_limit: 0,
  video_size_limit: 0,
  video_frame_rate_limit: 0,
  video_matrix_limit: 0,
};
/** Polls are not supported: a complete block whose limits allow none. */
const pollLimits = { max_options: 0, max_characters_per_option: 0, min_expiration: 0, max_expiration: 0 };

function host(publicUrl: string): string {
  return new URL(publicUrl).host;
}

export function instanceV2(input: InstanceInput, stats: InstanceStats) {
  return {
    domain: host(input.publicUrl),
    title: TITLE,
    version: COMPATIBLE_VERSION,
    // Each server runs the copy its operator deployed; there is no central repository to point at, so the
    // server itself is the honest answer (`version` says which Skylark it runs).
    source_url: input.publicUrl,
    description: DESCRIPTION,
    // Skylark does not track monthly activity: this is every confirmed account, an upper bound of it.
    usage: { users: { active_month: stats.users } },
    thumbnail: { url: `${input.publicUrl}/headers/original/missing.png`, blurhash: null, versions: {} },
    icon: [] as never[],
    languages: ['en'],
    configuration: {
      urls: { streaming: null as string | null, status: null },
      vapid: { public_key: '' },
      accounts: { max_featured_tags: 0, max_pinned_statuses: 0 },
      statuses: statusLimits,
      media_attachments: mediaLimits,
      polls: pollLimits,
      translation: { enabled: false },
    },
    registrations: {
      enabled: true,
      approval_required: false,
      message: null,
      url: `${input.publicUrl}/signup`,
    },
    api_versions: { mastodon: 0 },
    contact: { email: input.contactEmail, account: null },
    rules: INSTANCE_RULES,
  };
}

export function instanceV1(input: InstanceInput, stats: InstanceStats) {
  return {
    uri: host(input.publicUrl),
    title: TITLE,
    short_description: DESCRIPTION,
    description: DESCRIPTION,
    email: input.contactEmail,
    version: COMPATIBLE_VERSION,
    urls: {},
    stats: { user_count: stats.users, status_count: stats.posts, domain_count: 1 },
    thumbnail: `${input.publicUrl}/headers/original/missing.png`,
    languages: ['en'],
    registrations: true,
    approval_required: false,
    invites_enabled: false,
    configuration: {
      accounts: { max_featured_tags: 0 },
      statuses: statusLimits,
      media_attachments: mediaLimits,
      polls: pollLimits,
    },
    contact_account: null,
    rules: INSTANCE_RULES,
  };
}

export function nodeInfoLinks(input: InstanceInput) {
  return {
    links: [
      { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${input.publicUrl}/nodeinfo/2.0` },
    ],
  };
}

export function nodeInfo(stats: InstanceStats) {
  return {
    version: '2.0',
    software: { name: 'skylark', version: SKYLARK_VERSION },
    protocols: [] as string[],
    services: { inbound: [] as string[], outbound: [] as string[] },
    openRegistrations: true,
    // activeMonth / activeHalfyear are optional in nodeinfo 2.0, and Skylark does not track activity.
    usage: { users: { total: stats.users }, localPosts: stats.posts },
    metadata: { nodeName: TITLE, upstream: { name: 'mastodon', version: '4.0.0' } },
  };
}

/** RFC 8414 authorization server metadata. */
export function oauthServerMetadata(input: InstanceInput) {
  return {
    issuer: `${input.publicUrl}/`,
    authorization_endpoint: `${input.publicUrl}/oauth/authorize`,
    token_endpoint: `${input.publicUrl}/oauth/token`,
    revocation_endpoint: `${input.publicUrl}/oauth/revoke`,
    registration_endpoint: `${input.publicUrl}/api/v1/apps`,
    app_registration_endpoint: `${input.publicUrl}/api/v1/apps`,
    scopes_supported: [...TOP_LEVEL_SCOPES, ...[...KNOWN_SCOPES].filter((scope) => scope.includes(':'))],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    service_documentation: 'https://docs.joinmastodon.org/',
  };
}

/** A 1×1 PNG for Mastodon's default avatar and header paths (clients expect a real image at these URLs). */
export const MISSING_IMAGE_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
