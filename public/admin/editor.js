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

function start() {
  const form = document.getElementById('article-form');
  if (!form) return;
  const serverValues = snapshot(form);
  const editor = {
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
    status: quietWhileSignedOut(statusLine(document.getElementById('editor-status'))),
    changed,
    sessionEnded: () => autosave.sessionEnded(),
  };
  editor.local = localCopy(editor);
  const preview = livePreview(editor, document.getElementById('article-preview'));
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

  /** While signed out, the session message stays until signing in again. */
  function quietWhileSignedOut(line) {
    return {
      say: (message) => {
        if (!editor.state.sessionEnded || message === 'Signed in again.') line.say(message);
      },
      alert: line.alert,
    };
  }

  form.addEventListener('input', (event) => {
    if (event.target && fields.includes(event.target.name)) changed();
  });
  form.addEventListener('change', (event) => {
    if (event.target && (event.target.type === 'checkbox' || event.target.tagName === 'SELECT')) changed();
  });
  form.addEventListener('submit', (event) => {
    const submitter = event.submitter;
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
