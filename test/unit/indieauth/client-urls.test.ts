import { describe, it, expect } from 'vitest';
import { clientIdProblem, redirectUriProblem } from '#app/indieauth/client-urls.ts';
import { s256Challenge, verifierMatches } from '#app/indieauth/pkce.ts';

describe('IndieAuth client ids', () => {
  it('accepts https pages, and http only on this computer', () => {
    for (const ok of [
      'https://app.example/',
      'https://app.example/path?x=1',
      'https://app.example:8443/',
      'http://localhost:3000/',
      'http://127.0.0.1/',
      'http://[::1]:8080/',
    ])
      expect(clientIdProblem(ok), ok).toBeNull();
  });

  it('refuses other schemes, plain http elsewhere, credentials, fragments, dot segments and IP hosts', () => {
    for (const [bad, why] of [
      ['ftp://app.example/', 'http or https'],
      ['http://app.example/', 'https'],
      ['https://user:pw@app.example/', 'user name'],
      ['https://app.example/#top', 'fragment'],
      ['https://app.example/a/../b', '".."'],
      ['https://app.example/./b', '"."'],
      ['https://192.168.1.1/', 'IP address'],
      ['https://[2001:db8::1]/', 'IP address'],
      ['not a url', 'not a URL'],
    ])
      expect(clientIdProblem(bad!), bad).toContain(why);
  });

  it('wants the redirect URI on the client id’s scheme, host and port', () => {
    expect(redirectUriProblem('https://app.example/cb', 'https://app.example/')).toBeNull();
    expect(redirectUriProblem('https://evil.example/cb', 'https://app.example/')).toContain('not on the app');
    expect(redirectUriProblem('https://app.example:444/cb', 'https://app.example/')).toContain('not on the app');
    expect(redirectUriProblem('http://app.example/cb', 'https://app.example/')).toContain('not on the app');
    expect(redirectUriProblem('https://app.example/cb#x', 'https://app.example/')).toContain('fragment');
  });
});

describe('PKCE S256', () => {
  it('matches RFC 7636’s example (appendix B)', () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(s256Challenge(verifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(verifierMatches(verifier, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')).toBe(true);
    expect(verifierMatches(`${verifier}x`, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')).toBe(false);
    expect(verifierMatches('short', s256Challenge('short'))).toBe(false);
  });
});
