/** The theme renderer with each page's render time counted (folio_render_duration_seconds). */
import type { Renderer } from '#app/themes/render.ts';
import type { ProcessMetrics } from '#app/monitor/metrics/registry.ts';

export function timedRenderer(renderer: Renderer, metrics: ProcessMetrics): Renderer {
  return { renderPage: (theme, name, locals) => metrics.timeRender(() => renderer.renderPage(theme, name, locals)) };
}
