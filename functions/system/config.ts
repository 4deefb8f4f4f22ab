import { publicConfig } from '#shared/domain/public-config';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { publicConfigSettings } from './deps';

export const handler = httpHandler({}, async () => ok(publicConfig(publicConfigSettings())));
