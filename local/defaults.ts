/** The local stack's defaults, shared by the launcher's options and the stack itself. */
export const DEFAULT_PORT = 3000;
export const DEFAULT_DATA_DIR = '.skylark';
export const DEFAULT_TABLE_NAME = 'skylark';
export const LOCAL_MAIL_FROM = 'Skylark <no-reply@skylark.local>';
