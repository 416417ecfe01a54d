/**
 * Tools → Export: "Download everything". The download is a GET that changes
 * nothing, streamed as it is written (app/exporters/), so a large blog
 * needs no memory and a worker behind a web server sends bytes as it goes.
 */
import type { Request, Response } from 'express';
import { renderAdmin } from '#app/controllers/concerns/admin-page.ts';
import { appContext } from '#app/context.ts';
import { badRequest } from '#app/middleware/http-errors.ts';
import { exportContext } from '#app/exporters/context.ts';
import { exportContentTypes, exportFileName, isExportFormat, writeExport } from '#app/exporters/index.ts';

/** GET /admin/export: the formats, and the button. */
export async function show(req: Request, res: Response) {
  await renderAdmin(req, res, 'export/show', {}, { title: 'Export', section: 'export' });
}

/** GET /admin/export/download?format=folio|wxr|markdown: the file, as an attachment. */
export async function download(req: Request, res: Response) {
  const format = typeof req.query.format === 'string' ? req.query.format : 'folio';
  if (!isExportFormat(format)) throw badRequest('Choose an export format: folio, wxr or markdown.');
  const { config, themes, logger } = appContext(req);
  const context = await exportContext(config, themes);
  res
    .status(200)
    .type(exportContentTypes[format])
    .setHeader('Content-Disposition', `attachment; filename="${exportFileName(format, context)}"`)
    .setHeader('Cache-Control', 'no-store')
    .setHeader('X-Content-Type-Options', 'nosniff');
  res.flushHeaders();
  try {
    await writeExport(format, res, context);
    res.end();
  } catch (error) {
    // The status is sent: all that is left is to cut the download short, so it cannot pass for complete.
    logger.error({ err: error, format }, 'export failed');
    res.destroy(error as Error);
  }
}
