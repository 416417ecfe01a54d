// Folio admin: the asset picker beside the article editor. It turns
// <div data-asset-picker data-target="#article-body"> into a small widget:
// upload files, browse or search recent uploads, and insert the right
// Markdown at the textarea's cursor. File names are only ever set as text.
// With data-pick-into="#select" instead it chooses one image: it lists only
// images and sets that <select> (image-choice.js shows the choice).
document.addEventListener('DOMContentLoaded', () => {
  const roots = /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-asset-picker]'));
  for (const root of roots) assetPicker(root);
});

/**
 * An upload as the server describes it (app/models/asset/links.ts), the fields the picker uses.
 * @typedef {object} Asset
 * @property {number} id
 * @property {string} originalName
 * @property {string} kind
 * @property {string | null} thumbUrl
 * @property {string} markdown
 */

/** @param {HTMLElement} root */
function assetPicker(root) {
  const target = /** @type {HTMLTextAreaElement | null} */ (document.querySelector(root.dataset.target || ''));
  const pickInto = /** @type {HTMLSelectElement | null} */ (document.querySelector(root.dataset.pickInto || ''));
  const csrf = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="csrf-token"]'))?.content || '';
  let query = '';
  let page = 1;
  /** @type {number | undefined} */
  let searchTimer;

  root.replaceChildren();
  const heading = el('h2', { className: 'asset-picker-title' }, 'Files');
  const fileInput = el('input', {
    type: 'file',
    multiple: true,
    className: 'visually-hidden',
    id: uniqueId('asset-picker-files'),
  });
  fileInput.accept = 'image/jpeg,image/png,image/gif,image/webp,application/pdf,audio/mpeg,video/mp4';
  const uploadLabel = el('label', { className: 'button secondary', htmlFor: fileInput.id }, 'Upload files…');
  const search = el('input', { type: 'search', placeholder: 'Search uploads', className: 'asset-picker-search' });
  search.setAttribute('aria-label', 'Search uploads by file name');
  const status = el('p', { className: 'asset-picker-status' });
  status.setAttribute('role', 'status');
  const list = el('ul', { className: 'asset-picker-list' });
  const more = el('button', { type: 'button', className: 'secondary asset-picker-more', hidden: true }, 'More');
  root.append(
    heading,
    el('div', { className: 'asset-picker-tools' }, fileInput, uploadLabel, search),
    status,
    list,
    more,
  );

  fileInput.addEventListener('change', () => {
    if (fileInput.files?.length) upload(fileInput.files);
    fileInput.value = '';
  });
  // The picker sits inside the article form: Enter in its search box must not submit the article.
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') event.preventDefault();
  });
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      query = search.value.trim();
      load(1);
    }, 250);
  });
  more.addEventListener('click', () => load(page + 1));
  root.addEventListener('dragover', (event) => {
    event.preventDefault();
    root.classList.add('dragging');
  });
  root.addEventListener('dragleave', () => root.classList.remove('dragging'));
  root.addEventListener('drop', (event) => {
    event.preventDefault();
    root.classList.remove('dragging');
    if (event.dataTransfer?.files.length) upload(event.dataTransfer.files);
  });

  load(1);

  /** @param {number} wanted */
  async function load(wanted) {
    const params = new URLSearchParams({ page: String(wanted) });
    if (query) params.set('q', query);
    try {
      const response = await fetch(`/admin/assets.json?${params}`, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error(await problem(response));
      const data = /** @type {{ page: number, totalPages: number, assets: Asset[] }} */ (await response.json());
      page = data.page;
      if (wanted === 1) list.replaceChildren();
      for (const asset of data.assets) if (!pickInto || asset.kind === 'image') list.append(item(asset));
      if (wanted === 1 && !data.assets.length)
        list.append(el('li', { className: 'empty' }, query ? 'Nothing matches.' : 'No uploads yet.'));
      more.hidden = data.page >= data.totalPages;
    } catch (error) {
      say(/** @type {Error} */ (error).message, true);
    }
  }

  /** @param {FileList} files */
  async function upload(files) {
    const body = new FormData();
    body.append('_csrf', csrf); // also in the header; first, so it is read before any file
    for (const file of files) body.append('files', file);
    say(`Uploading ${files.length === 1 ? files[0].name : `${files.length} files`}…`);
    try {
      const response = await fetch('/admin/assets', {
        method: 'POST',
        body,
        headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error(await problem(response));
      const data = /** @type {{ assets: Asset[] }} */ (await response.json());
      query = '';
      search.value = '';
      await load(1);
      say(
        data.assets.length === 1 ? `Uploaded ${data.assets[0].originalName}.` : `Uploaded ${data.assets.length} files.`,
      );
    } catch (error) {
      say(/** @type {Error} */ (error).message, true);
    }
  }

  /** @param {Asset} asset */
  function item(asset) {
    const preview = asset.thumbUrl
      ? el('img', { src: asset.thumbUrl, alt: '', loading: 'lazy' })
      : el('span', { className: `asset-kind asset-kind-${asset.kind}` }, asset.kind.toUpperCase());
    const insert = el('button', { type: 'button', className: 'secondary' }, pickInto ? 'Choose' : 'Insert');
    insert.addEventListener('click', () => (pickInto ? pick(pickInto, asset) : insertMarkdown(asset.markdown)));
    const name = el('span', { className: 'asset-name', title: asset.originalName }, asset.originalName);
    return el('li', { className: 'asset-picker-item' }, preview, name, insert);
  }

  /** @param {string} markdown */
  function insertMarkdown(markdown) {
    if (!target) return say('There is no text area to insert into.', true);
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? start;
    const before = target.value.slice(0, start);
    // Images and links read best on a line of their own.
    const lead = before && !before.endsWith('\n') ? '\n' : '';
    target.focus();
    target.setRangeText(`${lead}${markdown}\n`, start, end, 'end');
    target.dispatchEvent(new Event('input', { bubbles: true }));
  }

  /**
   * @param {HTMLSelectElement} select
   * @param {Asset} asset
   */
  function pick(select, asset) {
    const value = String(asset.id);
    let option = Array.from(select.options).find((o) => o.value === value);
    if (!option) {
      option = el('option', { value }, asset.originalName);
      if (asset.thumbUrl) option.dataset.thumb = asset.thumbUrl;
      select.append(option);
    }
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }

  /** @param {string} message */
  function say(message, isError = false) {
    status.textContent = message;
    status.classList.toggle('form-error', isError);
  }
}

/**
 * The server's message for a failed request: JSON `{ error }`, or a plain explanation by status.
 * @param {Response} response
 * @returns {Promise<string>}
 */
async function problem(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('application/json')) {
    const data = /** @type {{ error?: string } | null} */ (await response.json().catch(() => null));
    if (data?.error) return data.error;
  }
  if (response.status === 401) return 'Your session has ended: sign in again in another tab, then retry.';
  if (response.status === 403) return 'This page has expired: reload it and try again.';
  if (response.status === 413) return 'That is larger than this blog accepts.';
  return `The server answered ${response.status}; please try again.`;
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Partial<HTMLElementTagNameMap[K]>} properties
 * @param {...(Node | string)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, properties = {}, ...children) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

let counter = 0;
/** @param {string} prefix */
function uniqueId(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}
