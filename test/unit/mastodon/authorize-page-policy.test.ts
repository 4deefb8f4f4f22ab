import { describe, expect, it } from 'vitest';
import { AUTHORIZE_PAGE_CSP, authorizePagePolicy } from '#shared/domain/oauth/authorize-page';

const formAction = (policy: string) => /form-action ([^;]*)/.exec(policy)?.[1];

describe('the authorize page policy', () => {
  it('lets the form lead on to the app: an https origin or a custom scheme beside self', () => {
    expect(formAction(authorizePagePolicy('https://app.example/callback?x=1'))).toBe(
      "'self' https://app.example",
    );
    expect(formAction(authorizePagePolicy('com.tapbots.Ivory.10217:/request_token'))).toBe(
      "'self' com.tapbots.ivory.10217:",
    );
    expect(formAction(authorizePagePolicy('http://localhost:4000/cb'))).toBe("'self' http://localhost:4000");
  });

  it('keeps every other directive', () => {
    const policy = authorizePagePolicy('https://app.example/callback');
    expect(policy.replace(' https://app.example', '')).toBe(AUTHORIZE_PAGE_CSP);
  });

  it('adds nothing for no target or one it cannot parse, so no registered string can inject a directive', () => {
    expect(authorizePagePolicy()).toBe(AUTHORIZE_PAGE_CSP);
    expect(authorizePagePolicy('not a uri; script-src *')).toBe(AUTHORIZE_PAGE_CSP);
    const odd = authorizePagePolicy("https://app.example/cb;script-src 'unsafe-inline'");
    expect(odd).not.toContain('script-src');
    expect(formAction(odd)).toBe("'self' https://app.example");
  });
});
