// Passage: progressive enhancement only; every form works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("language-select");
  if (select) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
});

// A form marked data-show-errors shows a refusal (422) in its target instead of nothing, and a
// failed request (network down, server error) says so there, in the page's language.
function errorShowingForm(event) {
  // beforeSwap fires on the target: the element that sent the request is in requestConfig.
  const sender = (event.detail.requestConfig && event.detail.requestConfig.elt) || event.detail.elt;
  return sender && sender.closest ? sender.closest("[data-show-errors]") : null;
}
document.addEventListener("htmx:beforeSwap", (event) => {
  const form = errorShowingForm(event);
  if (form && event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
function showFailure(event) {
  const form = errorShowingForm(event);
  const target = form && document.querySelector(form.getAttribute("hx-target"));
  if (!target) return;
  const alert = document.createElement("div");
  alert.id = target.id;
  alert.className = "alert alert-error";
  alert.setAttribute("role", "alert");
  alert.textContent = form.dataset.showErrors;
  target.replaceWith(alert);
}
document.addEventListener("htmx:sendError", showFailure);
document.addEventListener("htmx:responseError", showFailure);
