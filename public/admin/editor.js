// Folio article editor: live preview, autosave (this browser and the
// server) and a restore prompt, as an ES module. Progressive enhancement:
// the form, its buttons and the Preview button (a new tab) work without it.
// The rule throughout: never lose what the author typed.
import { fields, snapshot, statusLine, slugPlaceholder, tagSuggestions } from './editor-form.js';
import { localCopy } from './editor-local-copy.js';
import { livePreview } from './editor-preview.js';
import { serverAutosave } from './editor-autosave.js';

const previewDelay = 500;
const localDelay = 800;

/**
 * What the editor's parts (local copy, preview, autosave) share.
 * @typedef {object} Editor
 * @property {HTMLFormElement} form
 * @property {EditorState} state
 * @property {import('./editor-form.js').StatusLine} status
 * @property {() => void} changed
 * @property {() => void} sessionEnded
 * @property {import('./editor-local-copy.js').LocalCopy} local
 */

/**
 * @typedef {object} EditorState
 * @property {string} id  the article's id, or 'new' until its first autosave creates it
 * @property {{ preview: string | undefined, autosave: string | undefined }} urls
 * @property {boolean} serverDirty
 * @property {boolean} submitting
 * @property {boolean} sessionEnded
 * @property {Promise<void> | null} creating  the autosave that is creating a new article
 * @property {Promise<void> | null} inFlight
 */

function start() {
  const form = /** @type {HTMLFormElement | null} */ (document.getElementById('article-form'));
  if (!form) return;
  const serverValues = snapshot(form);
  // `local` is added below: the local copy is made from the editor.
  const editor = /** @type {Editor} */ ({
    form,
    state: {
      id: form.dataset.articleId || 'new',
      urls: { preview: form.dataset.previewUrl, autosave: form.dataset.autosaveUrl },
      serverDirty: false,
      submitting: false,
      sessionEnded: false,
      creating: null,
      inFlight: null,
    },
    status: quietWhileSignedOut(statusLine(/** @type {HTMLElement} */ (document.getElementById('editor-status')))),
    changed,
    sessionEnded: () => autosave.sessionEnded(),
  });
  editor.local = localCopy(editor);
  const preview = livePreview(
    editor,
    /** @type {HTMLIFrameElement | null} */ (document.getElementById('article-preview')),
  );
  const autosave = serverAutosave(editor);
  const timers = { preview: 0, local: 0 };

  function changed() {
    editor.state.serverDirty = true;
    clearTimeout(timers.local);
    timers.local = setTimeout(editor.local.write, localDelay);
    clearTimeout(timers.preview);
    timers.preview = setTimeout(preview.refresh, previewDelay);
    autosave.schedule();
  }

  /**
   * While signed out, the session message stays until signing in again.
   * @param {import('./editor-form.js').StatusLine} line
   * @returns {import('./editor-form.js').StatusLine}
   */
  function quietWhileSignedOut(line) {
    return {
      say: (message) => {
        if (!editor.state.sessionEnded || message === 'Signed in again.') line.say(message);
      },
      alert: line.alert,
    };
  }

  form.addEventListener('input', (event) => {
    const field = /** @type {HTMLInputElement | null} */ (event.target);
    if (field && fields.includes(field.name)) changed();
  });
  form.addEventListener('change', (event) => {
    const field = /** @type {HTMLInputElement | null} */ (event.target);
    if (field && (field.type === 'checkbox' || field.tagName === 'SELECT')) changed();
  });
  form.addEventListener('submit', (event) => {
    const submitter = /** @type {HTMLButtonElement | null} */ (event.submitter);
    if (submitter && submitter.id === 'article-preview-button') return; // a new tab; the editor stays
    if (editor.state.creating) {
      // The first autosave is creating this article: save into it, not into a second one.
      event.preventDefault();
      editor.state.creating.finally(() => {
        editor.state.creating = null;
        form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      });
      return;
    }
    editor.local.write();
    editor.state.submitting = true;
    autosave.cancel();
    setTimeout(() => {
      editor.state.submitting = false;
    }, 10000);
  });

  // Leaving: keep the text here, and on the server for an existing article.
  const leave = () => {
    if (editor.state.submitting) return;
    editor.local.write();
    autosave.leave();
  };
  window.addEventListener('pagehide', leave);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') leave();
  });
  window.addEventListener('focus', () => {
    if (editor.state.sessionEnded) autosave.checkSignedIn();
  });

  slugPlaceholder(form);
  tagSuggestions(form);
  editor.local.offerOnLoad(serverValues, form.dataset.persisted === 'true');
  preview.refresh();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
