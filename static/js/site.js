/* Galeri IKM: small progressive enhancements; every page works without them. */
(function () {
  "use strict";

  // Flash-sale countdowns: <span class="countdown" data-ends-at="ISO-8601">.
  function tick() {
    document.querySelectorAll(".countdown[data-ends-at]").forEach(function (el) {
      var left = Math.max(0, Math.floor((Date.parse(el.dataset.endsAt) - Date.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      el.textContent = [h, m, s].map(function (n) { return String(n).padStart(2, "0"); }).join(":");
    });
  }
  tick();
  setInterval(tick, 1000);

  // A form marked data-once submits once: a double click on "Bayar" sends one request
  // (the server's idempotency key makes a second one harmless anyway).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-once]")) return;
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); b.classList.add("htmx-request"); });
  }, true);
})();
