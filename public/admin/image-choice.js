// Folio admin: an image chosen from the upload library (an article's cover,
// the default image for link previews). The server renders a <select> that
// works alone; this adds a thumbnail that follows it, "Choose…" (the asset
// picker in its choosing mode, which sets the select) and "Remove".
document.addEventListener('DOMContentLoaded', () => {
  for (const root of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-image-choice]')))
    imageChoice(root);
});

/** @param {HTMLElement} root */
function imageChoice(root) {
  const select = /** @type {HTMLSelectElement | null} */ (root.querySelector('[data-image-choice-select]'));
  const thumb = /** @type {HTMLImageElement | null} */ (root.querySelector('[data-image-choice-thumb]'));
  const picker = /** @type {HTMLElement | null} */ (root.querySelector('[data-asset-picker]'));
  if (!select || !thumb || !picker) return;

  const choose = button('Choose…');
  choose.setAttribute('aria-expanded', 'false');
  const remove = button('Remove');
  select.after(choose, remove);

  choose.addEventListener('click', () => {
    picker.hidden = !picker.hidden;
    choose.setAttribute('aria-expanded', String(!picker.hidden));
  });
  remove.addEventListener('click', () => {
    select.value = '';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  // The picker sets the select and sends `change`; so does a person using the select.
  select.addEventListener('change', () => {
    show();
    picker.hidden = true;
    choose.setAttribute('aria-expanded', 'false');
  });
  show();

  function show() {
    const option = select?.selectedOptions[0];
    const src = option?.dataset.thumb || '';
    if (thumb) {
      thumb.hidden = !src;
      if (src) thumb.src = src;
      else thumb.removeAttribute('src');
    }
    remove.hidden = !select?.value;
  }
}

/** @param {string} text */
function button(text) {
  const node = document.createElement('button');
  node.type = 'button';
  node.className = 'secondary';
  node.textContent = text;
  return node;
}
