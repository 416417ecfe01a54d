// Live preview: the form, posted to the preview endpoint, shown in the
// sandboxed iframe (srcdoc: same origin, no scripts) beside the editor.
import { csrfToken } from './editor-form.js';

/**
 * @param {import('./editor.js').Editor} editor
 * @param {HTMLIFrameElement | null} frame
 */
export function livePreview(editor, frame) {
  /** @type {AbortController | null} */
  let request = null;
  let sequence = 0;

  async function refresh() {
    if (!frame || !editor.state.urls.preview) return;
    const mine = ++sequence;
    if (request) request.abort();
    request = new AbortController();
    const body = new URLSearchParams();
    for (const [name, value] of new FormData(editor.form)) if (typeof value === 'string') body.append(name, value);
    try {
      const response = await fetch(editor.state.urls.preview, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': csrfToken(editor.form) },
        body,
        credentials: 'same-origin',
        signal: request.signal,
      });
      if (mine !== sequence) return;
      if (response.status === 401 || response.status === 403) return editor.sessionEnded();
      if (!response.ok) return editor.status.say(`The preview could not be made (${response.status}).`);
      show(frame, await response.text());
    } catch (error) {
      if (!error || /** @type {Error} */ (error).name !== 'AbortError')
        editor.status.say('The preview could not reach the server.');
    }
  }

  /**
   * Swaps the document, keeping the reader's scroll position.
   * @param {HTMLIFrameElement} frame
   * @param {string} html
   */
  function show(frame, html) {
    let scrollY = 0;
    try {
      scrollY = frame.contentWindow ? frame.contentWindow.scrollY : 0;
    } catch {
      /* start at the top */
    }
    frame.addEventListener(
      'load',
      () => {
        try {
          /** @type {Window} */ (frame.contentWindow).scrollTo(0, scrollY);
        } catch {
          /* nothing to restore */
        }
      },
      { once: true },
    );
    frame.srcdoc = html;
    frame.hidden = false;
    document.body.classList.add('has-live-preview');
  }

  return { refresh };
}
