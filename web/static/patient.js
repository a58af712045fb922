// The console's "Who is calling" card: trace the caller, confirm identity, open their record (summary, last
// encounters) and offer the answers given in the last 24 hours for confirmation instead of asking them again.
// Loaded after console.js, whose api(), el(), $(), say(), fail(), Problem and state it uses.
"use strict";

const patient = { id: null, prefill: {}, answeredAt: null, confirmed: false };

function humanQuestion(id) {
  const [group, name] = id.split(".");
  return group.replaceAll("_", " ") + ": " + (name || "").replaceAll("_", " ");
}

async function findPatient(event) {
  event.preventDefault();
  clearMessages();
  const nhs = $("p-nhs").value.trim();
  const family = $("p-family").value.trim();
  const dob = $("p-dob").value;
  const query = new URLSearchParams();
  if (nhs) {
    query.set("nhs_number", nhs);
  } else if (family && dob) {
    query.set("family_name", family);
    query.set("birth_date", dob);
    if ($("p-given").value.trim()) query.set("given_name", $("p-given").value.trim());
    if ($("postcode").value.trim()) query.set("postcode", $("postcode").value.trim());
  } else {
    return fail(new Problem(0, "form", "Enter the NHS number, or the family name and date of birth."), "p-nhs");
  }
  let found;
  try { found = await api("GET", "/v1/patients?" + query.toString()); } catch (error) {
    return fail(error, error.code === "invalid-patient-field" ? "p-nhs" : null);
  }
  renderCandidates(found);
}

function renderCandidates(found) {
  const n = found.candidates.length;
  $("p-result").textContent = n === 0
    ? "No record found. Carry on with the call without one."
    : found.chosen
      ? "One match. Confirm the name, date of birth and postcode with the caller before opening it."
      : n > 1
        ? n + " possible matches and none chosen: ask the caller what tells them apart."
        : "A possible match only: confirm every detail with the caller before opening it.";
  $("p-candidates").replaceChildren(...found.candidates.map((c) => {
    const button = el("button", { type: "button", class: "open-patient", "data-patient": c.id },
      "Caller confirmed: open record");
    button.addEventListener("click", () => openPatient(c.id));
    return el("li", { class: "option" },
      el("p", {}, el("strong", {}, c.given_name + " " + c.family_name), ", born " + c.birth_date +
        (c.postcode ? ", " + c.postcode : "") + " (match score " + c.score + ")"),
      button);
  }));
}

async function openPatient(id) {
  clearMessages();
  let record;
  try {
    await api("POST", "/v1/patients/" + encodeURIComponent(id) + "/encounters", { kind: "CALL" });
    record = await api("GET", "/v1/patients/" + encodeURIComponent(id));
  } catch (error) { return fail(error); }
  patient.id = id;
  patient.prefill = record.prefill.answers || {};
  patient.answeredAt = record.prefill.answered_at;
  patient.confirmed = false;
  $("p-candidates").replaceChildren();
  $("p-result").textContent = "";
  renderRecord(record);
  fillCall(record.patient);
  say("Record open. Check the summary, then take the call.");
}

function listOf(id, items, line, none) {
  $(id).replaceChildren(...(items.length ? items.map((item) => el("li", {}, line(item))) : [el("li", {}, none)]));
}

function renderRecord(r) {
  const p = r.patient;
  $("p-name").textContent = p.given_name + " " + p.family_name + ", born " + p.birth_date +
    (p.nhs_number ? ", NHS number " + p.nhs_number : "");
  const needs = [p.interpreter_needed ? "needs an interpreter (" + (p.language || "language not recorded") + ")" : "",
    ...p.adjustments].filter(Boolean);
  $("p-details").textContent = (p.gp_practice ? "Registered GP practice " + p.gp_practice + ". " : "") +
    (needs.length ? "Needs: " + needs.join("; ") + "." : "");
  const s = r.summary;
  listOf("p-allergies", s.allergies, (a) => a.substance + (a.reaction ? ": " + a.reaction : "") +
    (a.severity ? " (" + a.severity + ")" : ""), "None recorded");
  listOf("p-medicines", s.medicines, (m) => m.name + (m.dose ? ", " + m.dose : ""), "None recorded");
  listOf("p-conditions", s.conditions, (c) => c.name, "None recorded");
  listOf("p-notes", s.notes, (n) => n.category.replaceAll("_", " ") + ": " + n.text, "None recorded");
  $("p-consent").textContent = s.consent === null ? "Consent to share: not recorded."
    : "Consent to share: " + (s.consent.share ? "yes" : "no") + ".";
  listOf("p-encounters", r.encounters.filter((e) => e.kind !== "CALL"), encounterLine, "None yet");
  const answers = Object.entries(patient.prefill);
  $("p-prefill").hidden = answers.length === 0;
  listOf("p-prefill-list", answers, ([q, a]) => humanQuestion(q) + ": " + a, "");
  $("p-record").hidden = false;
  $("p-name").focus();
}

function encounterLine(e) {
  const when = clock(e.at);
  const booked = (e.bookings || []).map((b) => "booked " + b.service_name + " for " + clock(b.window_start) +
    " (reference " + b.reference + ", " + b.status.toLowerCase() + ")");
  return [when + ": " + e.kind.toLowerCase(), e.disposition ? DISPOSITIONS[e.disposition] || e.disposition : "", ...booked]
    .filter(Boolean).join(" · ");
}

function fillCall(p) {
  if (p.postcode && !$("postcode").value) $("postcode").value = p.postcode;
  const born = new Date(p.birth_date);
  const today = new Date();
  let age = today.getFullYear() - born.getFullYear();
  if (today < new Date(today.getFullYear(), born.getMonth(), born.getDate())) age -= 1;
  if (!$("age").value) $("age").value = String(age);
  if ([...$("sex").options].some((o) => o.value === p.sex)) $("sex").value = p.sex;
}

function confirmPrefill(confirmed) {
  patient.confirmed = confirmed;
  $("p-prefill").hidden = true;
  say(confirmed ? "Those answers count for this call and will not be asked again." : "Those questions will be asked again.");
  $("postcode").focus();
}

// Called by console.js when the questions start: confirmed answers count and are not asked again.
function confirmedAnswers() {
  return patient.confirmed ? { ...patient.prefill } : {};
}

function forgetPatient() {
  Object.assign(patient, { id: null, prefill: {}, answeredAt: null, confirmed: false });
  $("p-record").hidden = true;
  $("p-candidates").replaceChildren();
  $("p-result").textContent = "";
  $("patient-form").reset();
}

document.addEventListener("DOMContentLoaded", () => {
  $("patient-form").addEventListener("submit", findPatient);
  $("p-find").disabled = false;  // disabled in the page until this handler is there (see console.html)
  $("p-confirm").addEventListener("click", () => confirmPrefill(true));
  $("p-ask-again").addEventListener("click", () => confirmPrefill(false));
  $("new-call").addEventListener("click", forgetPatient);
});
