// This browser's copy of the text, so closing the tab, an ended session or
// a failed request never loses it. Key "folio:article:<id or new>" holds
// the latest typing; "<key>:offered" holds text the restore prompt offers
// until the author answers (typing is kept meanwhile).
import { snapshot, apply, sameText, blogTime } from './editor-form.js';

/** @typedef {import('./editor-form.js').Values} Values */

/**
 * A copy of the text, and when it was taken (ISO 8601).
 * @typedef {{ values: Values, savedAt: string }} Entry
 */

/**
 * @typedef {object} LocalCopy
 * @property {() => void} write
 * @property {(serverValues: Values, persisted: boolean) => void} offerOnLoad
 * @property {(id: string) => void} moveNewTo
 */

/** @param {string} id */
const keyFor = (id) => `folio:article:${id}`;
/** @param {string} id */
const offeredKey = (id) => `${keyFor(id)}:offered`;

/**
 * @param {import('./editor.js').Editor} editor
 * @returns {LocalCopy}
 */
export function localCopy(editor) {
  const { form, state } = editor;

  function write() {
    store(keyFor(state.id), { values: snapshot(form), savedAt: new Date().toISOString() });
  }

  /**
   * @param {string} key
   * @param {Entry} entry
   */
  function store(key, entry) {
    try {
      window.localStorage.setItem(key, JSON.stringify(entry));
    } catch {
      editor.status.say('This browser could not keep a copy of your text (storage full or disabled).');
    }
  }

  /**
   * On load: forget copies the saved page already shows (not after a 422),
   * and offer, one after the other, those that differ from the server's text.
   * @param {Values} serverValues
   * @param {boolean} persisted
   */
  function offerOnLoad(serverValues, persisted) {
    if (persisted) {
      const fromNew = read(keyFor('new'));
      if (fromNew && sameText(fromNew.values, serverValues)) remove(keyFor('new'));
    }
    /** @type {Entry[]} */
    const queue = [];
    for (const entry of [read(offeredKey(state.id)), read(keyFor(state.id))]) {
      if (entry && !sameText(entry.values, serverValues) && !queue.some((e) => sameText(e.values, entry.values)))
        queue.push(entry);
    }
    if (!queue.length && persisted) remove(keyFor(state.id));
    offerNext(queue);
  }

  /** @param {Entry[]} queue */
  function offerNext(queue) {
    const entry = queue.shift();
    if (!entry) return remove(offeredKey(state.id));
    store(offeredKey(state.id), entry);
    const box = /** @type {HTMLElement} */ (document.getElementById('editor-restore'));
    const when = blogTime(form, new Date(entry.savedAt), true);
    const close = () => {
      box.hidden = true;
      box.textContent = '';
      write();
      offerNext(queue);
    };
    const question = document.createElement('span');
    question.textContent = `Restore unsaved text from ${when}?`;
    const yes = button('Restore', 'editor-restore-yes', () => {
      apply(form, entry.values);
      close();
      editor.changed();
      editor.status.say(`Restored your text from ${when}. Save to keep it.`);
    });
    const no = button('Discard', 'editor-restore-no', close);
    no.classList.add('secondary');
    box.textContent = '';
    box.append(question, ' ', yes, ' ', no);
    box.hidden = false;
  }

  /**
   * A new article got its id: its copies move to the new key.
   * @param {string} id
   */
  function moveNewTo(id) {
    const offered = read(offeredKey('new'));
    state.id = id;
    write();
    if (offered) store(offeredKey(id), offered);
    remove(keyFor('new'));
    remove(offeredKey('new'));
  }

  return { write, offerOnLoad, moveNewTo };
}

/**
 * @param {string} key
 * @returns {Entry | null}
 */
function read(key) {
  try {
    const entry = JSON.parse(window.localStorage.getItem(key) || 'null');
    return entry && entry.values ? entry : null;
  } catch {
    return null;
  }
}

/** @param {string} key */
function remove(key) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    /* nothing to remove */
  }
}

/**
 * @param {string} label
 * @param {string} id
 * @param {() => void} onClick
 */
function button(label, id, onClick) {
  const element = document.createElement('button');
  element.type = 'button';
  element.id = id;
  element.textContent = label;
  element.addEventListener('click', onClick);
  return element;
}
