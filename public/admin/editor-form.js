// The article form as the editor scripts see it: its values, the CSRF
// token, the status line, and two typing aids (slug placeholder, tags).

/** The fields the editor keeps and restores, by name. */
export const fields = [
  'title',
  'slug',
  'body',
  'excerpt',
  'textFilter',
  'tags',
  'sectionId',
  'allowComments',
  'publishedAt',
  'coverAssetId',
];
// What a restore prompt compares: the words. The server normalizes the rest (slug, tags).
const textFields = ['title', 'body', 'excerpt'];

/**
 * The kept fields' values by name: a checkbox's `checked`, every other field's text.
 * @typedef {Record<string, string | boolean>} Values
 */

/**
 * @typedef {object} StatusLine
 * @property {(message: string) => void} say
 * @property {(...parts: (string | Node)[]) => void} alert
 */

/** @typedef {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} Field */

/**
 * @param {HTMLFormElement} form
 * @returns {Values}
 */
export function snapshot(form) {
  /** @type {Values} */
  const values = {};
  for (const name of fields) {
    const field = /** @type {Field | null} */ (form.elements.namedItem(name));
    if (!field) continue;
    values[name] = field.type === 'checkbox' ? /** @type {HTMLInputElement} */ (field).checked : field.value;
  }
  return values;
}

/**
 * @param {HTMLFormElement} form
 * @param {Values} values
 */
export function apply(form, values) {
  for (const name of fields) {
    const field = /** @type {Field | null} */ (form.elements.namedItem(name));
    if (!field || !(name in values)) continue;
    if (field.type === 'checkbox') /** @type {HTMLInputElement} */ (field).checked = Boolean(values[name]);
    else field.value = /** @type {string} */ (values[name]);
  }
}

/**
 * @param {Values} a
 * @param {Values} b
 */
export function sameText(a, b) {
  /** @type {(values: Values, name: string) => string} */
  const text = (values, name) => String(values[name] ?? '').replace(/\r\n/g, '\n');
  return textFields.every((name) => text(a, name) === text(b, name));
}

/**
 * The JSON body an autosave sends.
 * @param {HTMLFormElement} form
 */
export function payload(form) {
  const values = snapshot(form);
  return { ...values, allowComments: values.allowComments ? '1' : '' };
}

/**
 * A time as the server shows it (app/helpers/time-zone.ts): in the blog's zone, with the zone named.
 * @param {HTMLFormElement} form
 * @param {Date} date
 */
export function blogTime(form, date, withDate = false) {
  /** @type {Intl.DateTimeFormatOptions} */
  const options = {
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(withDate ? { day: 'numeric', month: 'long', year: 'numeric' } : {}),
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: form.dataset.timeZone || 'UTC' }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(date);
  }
}

/** @param {HTMLFormElement} form */
export function csrfToken(form) {
  const meta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="csrf-token"]'));
  const hidden = /** @type {HTMLInputElement | null} */ (form.elements.namedItem('_csrf'));
  return (meta && meta.content) || (hidden && hidden.value) || '';
}

/**
 * After signing in again elsewhere: every form on the page gets the new session's token.
 * @param {string} token
 */
export function setCsrfToken(token) {
  const meta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="csrf-token"]'));
  if (meta) meta.content = token;
  const inputs = /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[name="_csrf"]'));
  for (const input of inputs) input.value = token;
}

/**
 * The status line under the heading; `alert` styles it as a problem.
 * @param {HTMLElement} element
 * @returns {StatusLine}
 */
export function statusLine(element) {
  return {
    say(message) {
      element.classList.remove('editor-status-alert');
      element.textContent = message;
    },
    alert(...parts) {
      element.textContent = '';
      element.append(...parts);
      element.classList.add('editor-status-alert');
    },
  };
}

/**
 * Shows the slug the server would make from the title while the slug field is empty.
 * @param {HTMLFormElement} form
 */
export function slugPlaceholder(form) {
  const slug = /** @type {HTMLInputElement | null} */ (form.elements.namedItem('slug'));
  const title = /** @type {HTMLInputElement | null} */ (form.elements.namedItem('title'));
  if (!slug || !title) return;
  const update = () => {
    slug.placeholder = slugFrom(title.value) || 'made from the title';
  };
  title.addEventListener('input', update);
  update();
}

/**
 * A datalist suggests whole values: offer "what is typed so far, <tag>" for a comma list.
 * @param {HTMLFormElement} form
 */
export function tagSuggestions(form) {
  const tags = /** @type {HTMLInputElement | null} */ (form.elements.namedItem('tags'));
  const list = /** @type {HTMLDataListElement | null} */ (document.getElementById('article-tag-suggestions'));
  if (!tags || !list) return;
  const names = [...list.options].map((option) => option.value);
  tags.addEventListener('input', () => {
    const cut = tags.value.lastIndexOf(',');
    const prefix = cut < 0 ? '' : `${tags.value.slice(0, cut + 1).trimEnd()} `;
    const chosen = new Set(tags.value.split(',').map((t) => t.trim().toLowerCase()));
    list.textContent = '';
    for (const name of names) {
      if (chosen.has(name.toLowerCase())) continue;
      const option = document.createElement('option');
      option.value = prefix + name;
      list.append(option);
    }
  });
}

/** @param {string} text */
function slugFrom(text) {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/, '');
}
