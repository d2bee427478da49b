// The policy form: after a save or a refused submission, move to the error summary so
// keyboard and screen-reader users start at the list of problems (each links to its field).
document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("problems");
  const summary = document.getElementById("error-summary");
  if (holder && summary && holder.dataset.focus === "true") {
    summary.focus();
  }
  // A summary link moves focus to the field itself, not only the view.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("#problems a[href^='#']");
    if (!link) return;
    const target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    const input = target.matches("fieldset") ? target.querySelector("input") : target;
    (input || target).focus({ preventScroll: true });
  });
});
