import { publicConfig } from '#shared/domain/public-config';
import { publicHttpHandler } from '#shared/http/public-handler';
import { ok } from '#shared/http/responses';
import { publicConfigSettings } from './deps';

export const handler = publicHttpHandler({}, async () => ok(publicConfig(publicConfigSettings())));
