// Admin → Activity: while the page is open and visible, asks the server for
// the page's live part (alerts, figures, charts, top lists: server-side SVG)
// every few seconds and swaps it in. A hidden tab asks nothing; it catches
// up as soon as it is shown again. Without this script the page is as fresh
// as its last load.

const live = /** @type {HTMLElement | null} */ (document.querySelector('[data-activity-live]'));
if (live) start(live);

/** @param {HTMLElement} live */
function start(live) {
  const url = live.dataset.activityLive ?? '';
  const everyMs = Math.max(1, Number(live.dataset.refreshSeconds) || 10) * 1000;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let stopped = false;
  let busy = false;

  const schedule = () => {
    clearTimeout(timer);
    if (!stopped && !document.hidden) timer = setTimeout(refresh, everyMs);
  };

  const refresh = async () => {
    if (busy) return;
    busy = true;
    try {
      const response = await fetch(url, {
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { Accept: 'text/html' },
      });
      // Signed out meanwhile (the answer is the sign-in page): stop, and let the next click find out.
      if (response.redirected) {
        stopped = true;
        return;
      }
      if (response.ok && !document.hidden) {
        live.innerHTML = await response.text();
        live.dataset.refreshedAt = String(Date.now());
      }
    } catch {
      // The server is restarting or the network is away: try again at the next turn.
    } finally {
      busy = false;
    }
    schedule();
  };

  document.addEventListener('visibilitychange', () => {
    if (document.hidden) clearTimeout(timer);
    else if (!stopped) refresh();
  });
  schedule();
}
