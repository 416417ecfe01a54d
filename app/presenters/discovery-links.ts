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
