/* Card payment on the order confirmation page through Stripe.js (its URL is
   settings.STRIPE_JS_URL; the tests load localstripe's copy). The card number never reaches our
   server: Stripe.js turns it into a token, our server attaches it to the order's PaymentIntent
   and confirms it; when the bank asks for 3-D Secure, Stripe.js runs it with the client secret.
   Then the page reloads and shows the payment's status as our server knows it. */
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form || typeof Stripe === "undefined") return;
  var stripe = Stripe(form.dataset.publishableKey);
  var card = stripe.elements().create("card");
  card.mount("#card-element");
  var errors = document.getElementById("card-errors");
  var button = document.getElementById("card-submit");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function fail(message) {
    errors.textContent = message;
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (button.disabled) return;  // one payment attempt at a time
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    errors.textContent = "";
    var tokenResult = await stripe.createToken(card);
    if (tokenResult.error) return fail(tokenResult.error.message || form.dataset.errorText);
    var body = new URLSearchParams({ token: tokenResult.token.id });
    var response = await fetch(form.dataset.payUrl, {
      method: "POST", body: body, headers: { "X-CSRFToken": csrf }, credentials: "same-origin",
    });
    var answer = await response.json().catch(function () { return {}; });
    if (!response.ok) return fail(answer.message || form.dataset.errorText);
    if (answer.requires_action) {
      var auth = await stripe.confirmCardPayment(form.dataset.clientSecret);
      if (auth.error) return fail(auth.error.message || form.dataset.errorText);
      await fetch(form.dataset.confirmUrl, { method: "POST", headers: { "X-CSRFToken": csrf }, credentials: "same-origin" });
    }
    window.location.reload();
  });
})();
