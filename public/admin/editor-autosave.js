// Server autosave: a few seconds after typing stops (and at least every ten
// seconds while it goes on), one request at a time. The first autosave of a
// new article creates its draft, and the page switches to editing it.
import { payload, csrfToken, setCsrfToken, blogTime } from './editor-form.js';

const delay = 3000;
const maxWait = 10000;
const signInPoll = 15000;

/**
 * What the server answers an autosave with.
 * @typedef {object} AutosaveReply
 * @property {number} id
 * @property {string} savedAt
 * @property {{ edit: string, update: string, preview: string, autosave: string }} urls
 */

/** @param {import('./editor.js').Editor} editor */
export function serverAutosave(editor) {
  const { form, state } = editor;
  let timer = 0;
  let firstChange = 0;
  let signInTimer = 0;

  function schedule() {
    clearTimeout(timer);
    if (!firstChange) firstChange = Date.now();
    timer = setTimeout(save, Math.max(0, Math.min(delay, maxWait - (Date.now() - firstChange))));
  }

  function cancel() {
    clearTimeout(timer);
  }

  async function save() {
    clearTimeout(timer);
    if (!state.serverDirty || state.submitting || !state.urls.autosave) return;
    if (state.inFlight) return void state.inFlight.then(schedule);
    firstChange = 0;
    state.serverDirty = false;
    const creating = state.id === 'new';
    const request = send(creating);
    state.inFlight = request;
    if (creating) state.creating = request;
    try {
      await request;
    } finally {
      state.inFlight = null;
      state.creating = null;
    }
  }

  /** @param {boolean} creating */
  async function send(creating) {
    try {
      // save() sends only when there is an autosave URL.
      const response = await fetch(/** @type {string} */ (state.urls.autosave), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken(form) },
        body: JSON.stringify(payload(form)),
        credentials: 'same-origin',
      });
      if (response.ok) {
        const reply = /** @type {AutosaveReply} */ (await response.json());
        if (creating && reply.id) switchToArticle(reply);
        return editor.status.say(`Autosaved at ${blogTime(form, new Date(reply.savedAt))}.`);
      }
      state.serverDirty = true;
      if (response.status === 401 || response.status === 403) return sessionEnded();
      const reply = /** @type {{ message?: string } | null} */ (
        response.status === 422 ? await response.json().catch(() => null) : null
      );
      editor.status.say(
        `Not autosaved${reply && reply.message ? `: ${reply.message}` : ` (${response.status})`}. Your text is safe in this browser.`,
      );
    } catch {
      state.serverDirty = true;
      editor.status.say('Could not reach the server to autosave. Your text is safe in this browser.');
    }
  }

  /**
   * The first autosave created the draft: from now on this page edits it.
   * @param {AutosaveReply} reply
   */
  function switchToArticle(reply) {
    state.urls = { preview: reply.urls.preview, autosave: reply.urls.autosave };
    form.action = reply.urls.update;
    form.dataset.articleId = String(reply.id);
    form.dataset.previewUrl = reply.urls.preview;
    form.dataset.autosaveUrl = reply.urls.autosave;
    const previewButton = document.getElementById('article-preview-button');
    if (previewButton) previewButton.setAttribute('formaction', reply.urls.preview);
    editor.local.moveNewTo(String(reply.id));
    try {
      window.history.replaceState(null, '', reply.urls.edit);
    } catch {
      /* the address just stays */
    }
    const label = document.getElementById('article-status');
    if (label) label.textContent = 'draft';
  }

  /** 401 (signed out) or 403 (the session, and so its token, is gone): keep the text here and wait. */
  function sessionEnded() {
    editor.local.write();
    const link = document.createElement('a');
    link.href = '/admin/sign-in';
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = 'sign in again in another tab';
    editor.status.alert('Your session ended; ', link, ', your text is safe here.');
    if (state.sessionEnded) return;
    state.sessionEnded = true;
    signInTimer = setTimeout(checkSignedIn, signInPoll);
  }

  /** Once the author has signed in elsewhere, take the new session's token and carry on. */
  async function checkSignedIn() {
    clearTimeout(signInTimer);
    if (!state.sessionEnded) return;
    try {
      const response = await fetch('/admin', { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      const signedOut =
        !response.ok || new URL(response.url, window.location.href).pathname.startsWith('/admin/sign-in');
      const token = signedOut ? null : /name="csrf-token" content="([^"]+)"/.exec(await response.text());
      if (token) {
        setCsrfToken(token[1]);
        state.sessionEnded = false;
        editor.status.say('Signed in again.');
        state.serverDirty = true;
        return void save();
      }
    } catch {
      /* still offline */
    }
    signInTimer = setTimeout(checkSignedIn, signInPoll);
  }

  /** Leaving the page: a last autosave of an existing article (a new one stays in this browser). */
  function leave() {
    if (!state.serverDirty || state.submitting || state.id === 'new' || !state.urls.autosave) return;
    try {
      fetch(state.urls.autosave, {
        method: 'POST',
        keepalive: true,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken(form) },
        body: JSON.stringify(payload(form)),
        credentials: 'same-origin',
      }).catch(() => {});
    } catch {
      /* too large for keepalive: the local copy is enough */
    }
  }

  return { schedule, cancel, sessionEnded, checkSignedIn, leave };
}
