// Questions before deleting, cancelling or withdrawing, as a dialog: the link's page (a
// <dialog class="confirm-dialog">) arrives through htmx; it opens as a modal and goes away
// when closed. Without JavaScript the link leads to the same question as a page.
document.addEventListener("htmx:load", function (event) {
  const dialog = event.detail.elt;
  if (!(dialog instanceof HTMLDialogElement) || !dialog.classList.contains("confirm-dialog")) {
    return;
  }
  dialog.addEventListener("close", function () {
    dialog.remove();
  });
  dialog.showModal();
});
