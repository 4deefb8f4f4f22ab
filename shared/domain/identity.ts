/** Who is calling, as proven by a verified access token. */
export interface Identity {
  userId: string;
  username: string;
}
