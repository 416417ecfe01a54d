/**
 * Request bodies of the client APIs, each parsed by its own rules and
 * limits before its route (they are mounted before the blog's small form
 * parser; see config/application.ts).
 *
 * PLACEHOLDER: "xmlrpc" builds xmlRpcBody; "micropub" builds micropubBody and micropubMediaUpload.
 */
import express, { type RequestHandler } from 'express';
import type { Config } from '#config/environment.ts';

/** text/xml up to what a base64 upload of the largest allowed file needs; no DOCTYPE, no entities. */
export function xmlRpcBody(config: Config): RequestHandler {
  void config;
  return express.text({ type: () => true, limit: '1mb' });
}

/** Micropub's: form-encoded or JSON (micropubBody), multipart with files (micropubMediaUpload). */
export { micropubBody, micropubMediaUpload } from '#app/micropub/bodies.ts';
