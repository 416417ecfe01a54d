// Folio admin: small progressive enhancements. Everything works without it,
// except live preview and autosave.
document.addEventListener('DOMContentLoaded', () => {
  const forms = /** @type {NodeListOf<HTMLFormElement>} */ (document.querySelectorAll('form[data-confirm]'));
  for (const form of forms) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
});
