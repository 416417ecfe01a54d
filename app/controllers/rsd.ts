/**
 * GET /rsd.xml: Really Simple Discovery, which every themed page links to
 * as EditURI, so a desktop editor given the blog's address finds the
 * XML-RPC endpoint and the APIs it speaks (WordPress's preferred).
 */
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';

export function show(req: Request, res: Response) {
  const { baseUrl } = appContext(req).config;
  const endpoint = escapeXml(`${baseUrl}/xmlrpc`);
  const api = (name: string, preferred: boolean) =>
    `      <api name="${name}" blogID="1" preferred="${preferred}" apiLink="${endpoint}" />`;
  res
    .type('application/rsd+xml; charset=utf-8')
    .set('Cache-Control', 'public, max-age=3600')
    .send(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rsd version="1.0" xmlns="http://archipelago.phrasewise.com/rsd">',
        '  <service>',
        '    <engineName>Folio</engineName>',
        `    <homePageLink>${escapeXml(`${baseUrl}/`)}</homePageLink>`,
        '    <apis>',
        api('WordPress', true),
        api('MetaWeblog', false),
        api('Blogger', false),
        '    </apis>',
        '  </service>',
        '</rsd>',
        '',
      ].join('\n'),
    );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
