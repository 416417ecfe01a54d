// Tools → Import, one job's page: while the dry run or the import works,
// polls its progress and moves the bar; once it has finished, reloads the
// page, which the server renders with the report. Without this script the
// page refreshes itself (a <noscript> refresh) until the work is done.

/**
 * @typedef {{ state: string, done: number, total: number, unit: 'bytes' | 'files', items: number, error: string }} Progress
 */

const pollMs = 400;
const retryMs = 2000;
const working = ['checking', 'running'];

const section = /** @type {HTMLElement | null} */ (document.querySelector('[data-progress-url]'));
if (section && working.includes(section.dataset.state ?? '')) poll(section);

/** @param {HTMLElement} section */
async function poll(section) {
  /** @type {Progress} */
  let progress;
  try {
    const response = await fetch(section.dataset.progressUrl ?? '', {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    progress = /** @type {Progress} */ (await response.json());
  } catch {
    setTimeout(() => poll(section), retryMs);
    return;
  }
  show(section, progress);
  if (working.includes(progress.state)) setTimeout(() => poll(section), pollMs);
  else window.location.reload();
}

/**
 * @param {HTMLElement} section
 * @param {Progress} progress
 */
function show(section, progress) {
  const bar = /** @type {HTMLProgressElement | null} */ (section.querySelector('progress'));
  const text = section.querySelector('[data-import-progress-text]');
  const finished = !working.includes(progress.state);
  if (bar && progress.total > 0) {
    bar.max = progress.total;
    bar.value = finished ? progress.total : Math.min(progress.done, progress.total);
  }
  if (text) {
    const items = `${progress.items.toLocaleString()} ${progress.items === 1 ? 'item' : 'items'} read`;
    if (progress.total <= 0) text.textContent = items;
    else if (progress.unit === 'files') text.textContent = `${progress.done} of ${progress.total} files, ${items}`;
    else
      text.textContent = `${Math.floor((Math.min(progress.done, progress.total) / progress.total) * 100)} %, ${items}`;
  }
  section.dataset.state = progress.state;
}
