import { AppError } from '#shared/errors';

/** A Mastodon route whose feature is pending on this server: 501, saying which. */
export class NotImplementedError extends AppError {
  readonly statusCode = 501;
  constructor(feature: string) {
    super('not_implemented', `${feature} is not available on this server yet`);
  }
}
