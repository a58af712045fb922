// Staff sign-in: post the form in the background so a wrong password shows as a sentence on this page.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("login-form");
  const alert = document.getElementById("login-alert");
  const button = document.getElementById("sign-in");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fields = ["username", "password"].map((id) => document.getElementById(id));
    const empty = fields.find((field) => !field.value.trim());
    fields.forEach((field) => field.removeAttribute("aria-invalid"));
    if (empty) {
      alert.textContent = "Enter your " + empty.id + ".";
      empty.setAttribute("aria-invalid", "true");
      return empty.focus();
    }
    button.disabled = true;
    try {
      const response = await fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" });
      if (response.ok && response.redirected) return window.location.assign(response.url);
      let detail = "Signing in failed (" + response.status + "). Try again.";
      try { detail = (await response.json()).detail || detail; } catch (error) { /* not JSON: keep the sentence */ }
      alert.textContent = detail;
      fields[1].value = "";
      fields[1].setAttribute("aria-invalid", "true");
      fields[1].focus();
    } catch (error) {
      alert.textContent = "one111 could not be reached: check the network connection, then try again.";
    } finally {
      button.disabled = false;
    }
  });
});
