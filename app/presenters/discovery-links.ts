/**
 * The <link>s every themed page carries so that other software finds
 * Folio's endpoints from any page of the blog: desktop editors (RSD →
 * XML-RPC), Micropub apps and IndieAuth clients, and sites that send
 * webmentions or pingbacks.
 */
export interface HeadLink {
  readonly rel: string;
  readonly href: string;
  readonly type?: string;
  readonly title?: string;
}

export function discoveryLinks(baseUrl: string, settings: { readonly webmentions: boolean }): HeadLink[] {
  return [
    { rel: 'EditURI', type: 'application/rsd+xml', title: 'RSD', href: `${baseUrl}/rsd.xml` },
    { rel: 'micropub', href: `${baseUrl}/micropub` },
    { rel: 'indieauth-metadata', href: `${baseUrl}/.well-known/oauth-authorization-server` },
    // IndieAuth clients written before the metadata document look for these two.
    { rel: 'authorization_endpoint', href: `${baseUrl}/admin/indieauth/authorization` },
    { rel: 'token_endpoint', href: `${baseUrl}/indieauth/token` },
    ...(settings.webmentions
      ? [
          { rel: 'webmention', href: `${baseUrl}/webmention` },
          { rel: 'pingback', href: `${baseUrl}/xmlrpc` },
        ]
      : []),
  ];
}

/**
 * The same endpoint as an HTTP header, which Webmention senders look at before the page's <link>: sent by the
 * app with every themed page, and with cached pages by the fast path, Apache and nginx (see
 * app/page-cache/webmention-marker.ts).
 */
export function webmentionLinkHeader(baseUrl: string): string {
  return `<${baseUrl}/webmention>; rel="webmention"`;
}
