/** What the OAuth use cases need from storage (shared/db/oauth-repository.ts implements it). */

export interface OAuthApp {
  clientId: string;
  /** SHA-256 of the client secret; the secret itself is shown once, at registration. */
  clientSecretHash: string;
  name: string;
  website: string | null;
  /** Stored as given and compared exactly (custom schemes and `urn:ietf:wg:oauth:2.0:oob` included). */
  redirectUris: string[];
  scopes: string[];
  createdAt: string;
}

export interface AuthorizationCode {
  clientId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  /** PKCE (RFC 7636), S256 only; absent when the client sent no challenge. */
  codeChallenge?: string | undefined;
  /** Epoch ms. */
  expiresAt: number;
}

export interface AccessGrant {
  /** ULID: the id a user sees in GET /v1/me/apps and revokes with DELETE /v1/me/apps/{id}. */
  id: string;
  clientId: string;
  appName: string;
  appWebsite: string | null;
  /** Absent for client_credentials tokens (the app acting as itself). */
  userId?: string | undefined;
  scopes: string[];
  /** Epoch ms. */
  createdAt: number;
}

export interface OAuthStore {
  saveApp(app: OAuthApp): Promise<void>;
  findApp(clientId: string): Promise<OAuthApp | undefined>;
  saveCode(codeHash: string, code: AuthorizationCode): Promise<void>;
  /** Deletes and returns the code: a code is used once, whoever races for it. */
  consumeCode(codeHash: string): Promise<AuthorizationCode | undefined>;
  saveToken(tokenHash: string, grant: AccessGrant): Promise<void>;
  findToken(tokenHash: string): Promise<AccessGrant | undefined>;
  /** The user's grants, newest first. */
  listUserGrants(userId: string): Promise<AccessGrant[]>;
  /** Deletes the token by its hash; false when it did not exist. */
  revokeToken(tokenHash: string): Promise<boolean>;
  /** Deletes one of the user's grants by id; false when the user has no such grant. */
  revokeUserGrant(userId: string, grantId: string): Promise<boolean>;
}
