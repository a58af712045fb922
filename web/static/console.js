// The call handler's console: call form -> red-flag questions -> triage -> ranked services -> hold -> book.
// Plain JavaScript, no build step. Every problem the API returns is shown as its `detail` in an aria-live region.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  call: null, answers: {}, question: null, triage: null, route: null,
  hold: null, booking: null, rebookFrom: null, pendingOverride: null, busy: false, holding: false,
};
const SERVICE_TYPES = {
  EMERGENCY_DEPARTMENT: "Emergency department (A&E)",
  URGENT_TREATMENT_CENTRE: "Urgent treatment centre",
  GP_OUT_OF_HOURS: "GP out of hours",
  COMMUNITY_PHARMACY: "Community pharmacy",
  MENTAL_HEALTH_CRISIS: "Mental health crisis line",
  GP_PRACTICE: "The caller's own GP practice",
  DENTAL_PRACTICE: "Dental practice",
};
const DISPOSITIONS = {
  CALL_999: "Call 999: emergency ambulance", ED: "Emergency department (A&E)", UTC: "Urgent treatment centre",
  GP_OOH: "GP out of hours", GP_ROUTINE: "Routine GP appointment", PHARMACY: "Community pharmacy",
  SELF_CARE: "Self care at home", MENTAL_HEALTH_CRISIS: "Mental health crisis: transfer now", DENTAL: "Urgent dental care",
  CLINICAL_ASSESSMENT: "Clinician call back",
};
const SLOT_GONE = new Set(["no-capacity", "no-free-slot", "capacity-unknown"]);

// ---------- talking to the API ----------

class Problem extends Error {
  constructor(status, code, detail) { super(detail); this.status = status; this.code = code; this.detail = detail; }
}

function cookie(name) {
  const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : null;
}

async function api(method, path, body, idempotencyKey) {
  const headers = { Accept: "application/json, application/problem+json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  const csrf = cookie("one111_csrf");
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new Problem(0, "network", "one111 could not be reached: check the network connection, then try again.");
  }
  let data = null;
  try { data = await response.json(); } catch (error) { data = null; }
  if (response.status === 401) {
    window.location.assign("/login?next=" + encodeURIComponent(location.pathname));
    throw new Problem(401, "signed-out", "Your session has ended: sign in again.");
  }
  if (!response.ok) {
    const code = data && typeof data.type === "string" ? data.type.split("/").pop() : "http-" + response.status;
    const detail = data && data.detail ? data.detail : "Something went wrong (" + response.status + "). Try again.";
    throw new Problem(response.status, code, detail);
  }
  return data;
}

// ---------- messages and small DOM helpers ----------

function say(text) { $("status").textContent = text; }
function alarm(text) { $("alert").textContent = text; }
function clearMessages() { say(""); alarm(""); }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else if (k.startsWith("data-")) node.setAttribute(k, v); else node[k] = v;
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function show(id, visible = true) { $(id).hidden = !visible; }
function focusHeading(id) { const h = $(id); h.focus(); h.scrollIntoView({ block: "start", behavior: "smooth" }); }
function minutes(value) { return value === null || value === undefined ? "unknown" : Math.round(value) + " min"; }
function clock(iso) {
  // Every time a person sees is Europe/London, whatever the browser's own zone.
  return new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London", weekday: "short", hour: "2-digit", minute: "2-digit" });
}

function fail(error, fieldId) {
  alarm(error instanceof Problem ? error.detail : "Something unexpected went wrong in the page: " + error);
  if (fieldId) { $(fieldId).setAttribute("aria-invalid", "true"); $(fieldId).focus(); }
}

// ---------- 1. the call ----------

function readCall() {
  const form = $("call-form");
  for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
  const call = {
    postcode: $("postcode").value.trim(), age: $("age").value.trim(), sex: $("sex").value,
    symptom_group: $("group").value, text: $("text").value.trim(),
    mode: $("mode").value, practice: $("practice").value.trim().toUpperCase(),
  };
  const missing = [
    ["postcode", call.postcode, "Enter the caller's postcode (the first half, like LS1, is enough)."],
    ["age", call.age !== "" && Number(call.age) >= 0 && Number(call.age) <= 120, "Enter the caller's age in years (0 to 120)."],
    ["practice", !call.practice || /^[A-Z0-9]{3,10}$/.test(call.practice), "A GP practice code is 3 to 10 letters and digits, e.g. B86017."],
    ["group", call.symptom_group, "Choose the main problem, so the right red-flag questions are asked."],
    ["text", call.text, "Write down what the caller says is wrong: the description cannot be empty."],
  ].find(([, ok]) => !ok);
  if (missing) {
    fail(new Problem(0, "form", missing[2]), missing[0]);
    return null;
  }
  return { ...call, age: Number(call.age) };
}

async function startCall(event) {
  event.preventDefault();
  if (state.busy) return;
  clearMessages();
  const call = readCall();
  if (!call) return;
  state.busy = true;
  try {
    await api("GET", "/v1/services?limit=1&near=" + encodeURIComponent(call.postcode));
  } catch (error) {
    state.busy = false;
    return fail(error, error.code === "unknown-postcode" || error.status === 422 ? "postcode" : null);
  }
  resetAfterCall();
  state.call = call;
  state.busy = false;
  showConfirmed(typeof confirmedAnswers === "function" ? confirmedAnswers() : {});
  say("Ask the questions below in order.");
  await askNext();
}

function resetAfterCall() {
  Object.assign(state, { call: null, answers: {}, question: null, triage: null, route: null, hold: null,
    booking: null, rebookFrom: null, pendingOverride: null });
  $("answered").replaceChildren();
  for (const id of ["questions-section", "triage-section", "services-section", "booking-section"]) show(id, false);
  board.close();
}

function newCall() {
  resetAfterCall();
  $("call-form").reset();
  clearMessages();
  $("postcode").focus();
}

// ---------- 2. red-flag questions ----------

// Answers the caller gave in the last 24 hours and confirmed again (patient.js): counted, not asked again.
function showConfirmed(answers) {
  Object.assign(state.answers, answers);
  const label = { yes: "Yes", no: "No", unsure: "Not sure" };
  for (const [id, value] of Object.entries(answers)) {
    $("answered").append(el("li", {}, id + " ", el("strong", {}, label[value] || value), " (confirmed from the last call)"));
  }
}

async function askNext() {
  let next;
  try {
    next = await api("POST", "/v1/triage/next-question",
      { symptom_group: state.call.symptom_group, age: state.call.age, answers: state.answers });
  } catch (error) { return fail(error); }
  show("questions-section");
  state.question = next.question;
  if (!next.question) {
    $("question").hidden = true;
    say(next.emergency ? "An answer needs emergency care: triaging now." : "No more questions: triaging now.");
    return runTriage();
  }
  const q = next.question;
  $("question").hidden = false;
  $("q-meta").textContent = "Question " + (next.asked + 1) + (q.red_flag ? " · red flag" : " · context") + " · " + q.source;
  $("q-clinician").textContent = q.clinician;
  $("q-patient").textContent = q.patient;
  for (const button of document.querySelectorAll(".answer")) button.disabled = false;
  focusHeading("questions-heading");
}

async function answer(value) {
  const q = state.question;
  if (!q || state.busy) return;
  state.busy = true;
  for (const button of document.querySelectorAll(".answer")) button.disabled = true;
  state.answers[q.id] = value;
  const label = { yes: "Yes", no: "No", unsure: "Not sure" }[value];
  $("answered").append(el("li", {}, q.clinician + " ", el("strong", {}, label)));
  state.question = null;
  try { await askNext(); } finally { state.busy = false; }
}

function answerKeys(event) {
  if (!state.question || event.altKey || event.ctrlKey || event.metaKey) return;
  if (["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName)) return;
  const value = { y: "yes", n: "no", u: "unsure" }[event.key.toLowerCase()];
  if (value) { event.preventDefault(); answer(value); }
}

// ---------- 3. triage ----------

async function runTriage() {
  const c = state.call;
  try {
    const linked = typeof patient === "object" && patient.id ? "?patient_id=" + encodeURIComponent(patient.id) : "";
    state.triage = await api("POST", "/v1/triage" + linked, {
      text: c.text, age: c.age, sex: c.sex, symptom_group: c.symptom_group, answers: state.answers,
    });
  } catch (error) { return fail(error); }
  renderTriage(state.triage);
  await rank();
}

function renderTriage(t) {
  $("disposition").textContent = DISPOSITIONS[t.disposition] || t.disposition;
  $("disposition").dataset.code = t.disposition;
  $("acuity").textContent = "Acuity: " + t.acuity +
    (t.time_to_care_minutes === null ? "" : " · to be seen within " + t.time_to_care_minutes + " minutes");
  $("red-flags").replaceChildren(t.red_flags.length
    ? el("p", {}, el("strong", {}, "Red flags: "), t.red_flags.join("; "))
    : el("p", {}, "No red flags found."));
  $("explanation").replaceChildren(...t.explanation.slice(0, 6).map((item) =>
    el("li", {}, item.feature + (item.source === "rule" ? " (clinical rule)" : " (model)"))));
  $("safety-netting").textContent = t.safety_netting;
  show("triage-section");
}

// ---------- 4. services ----------

async function rank(note) {
  let routed;
  try {
    const c = state.call;
    const body = { triage_id: state.triage.id, postcode: c.postcode, age: c.age, sex: c.sex, mode: c.mode };
    if (c.practice) body.registered_practice = c.practice;
    routed = await api("POST", "/v1/route", body);
  } catch (error) { return fail(error, error.code === "unknown-postcode" ? "postcode" : null); }
  state.route = routed;
  renderRoute(routed);
  show("services-section");
  if (note) alarm(note);
  focusHeading("services-heading");
  board.watch(routed);
}

function renderRoute(r) {
  const instruction = $("instruction");
  instruction.hidden = !r.instruction && r.outcome !== "callback";
  instruction.textContent = r.instruction || (r.outcome === "callback"
    ? "No service can see the caller in time: the call is queued for a clinician to ring back (reference " +
      r.callback_id + "). Tell the caller to expect the call, and to ring 999 if they get worse."
    : "");
  const deadline = r.deadline_minutes === null ? "no set deadline" : "deadline " + minutes(r.deadline_minutes);
  $("route-summary").textContent = {
    book: r.options.length + " services near " + r.place.matched + " can take the caller (" + deadline + "). The first is recommended.",
    transfer: "Put the caller through to their crisis line now, then record the transfer.",
    self_care: r.notes.join(" ") + " Nearby pharmacies, for advice (no booking):",
  }[r.outcome] || r.notes.join(" ");
  const listed = ["book", "transfer", "self_care"].includes(r.outcome);
  $("options").replaceChildren(...(listed ? r.options.map(optionCard) : []));
  $("exclusion-list").replaceChildren(...r.exclusions.slice(0, 30).map((x) =>
    el("li", {}, x.name + " (" + x.distance_km.toFixed(1) + " km): " + x.detail)));
  $("exclusions").hidden = r.exclusions.length === 0;
  $("override-form").hidden = true;
  updateHoldButtons();
}

// The booking mode decides the words: book a slot, walk in, phone when open, a call back, a warm transfer.
// A call-back or a crisis line is not a place to go; an emergency is never told a drive time.
function optionCard(o) {
  const first = o.rank === 1;
  const versus = state.route.deadline_minutes === null ? "" : " vs deadline " + minutes(state.route.deadline_minutes);
  const noDrive = o.reasons.some((r) => r.includes("Do not drive yourself"));
  const rows = [el("dt", {}, "Type"), el("dd", {}, SERVICE_TYPES[o.type] || o.type),
    el("dt", {}, "What to do"), el("dd", { class: "how" }, o.how)];
  if (!o.address_is_destination) rows.push(el("dt", {}, "Where"), el("dd", {}, "By telephone: not a place to go"));
  else if (noDrive) rows.push(el("dt", {}, "Distance"), el("dd", {}, o.distance_km.toFixed(1) + " km: do not drive yourself"));
  else rows.push(el("dt", {}, "Distance"), el("dd", {}, o.distance_km.toFixed(1) + " km, about " + minutes(o.travel_minutes) + " to get there"));
  if (o.free !== null) {
    rows.push(el("dt", {}, "Wait"), el("dd", { class: "live-wait" }, minutes(o.wait_minutes)),
      el("dt", {}, "Slot"), el("dd", { class: "live-free" }, clock(o.window_start) + ", " + o.free + " free"));
  }
  rows.push(el("dt", {}, "Time to care"), el("dd", {}, minutes(o.time_to_care_minutes) + versus + " ",
      el("span", { class: o.meets_deadline ? "meets" : "misses" }, o.meets_deadline ? "meets it" : "misses it")),
    el("dt", {}, "Why"), el("dd", {}, o.reasons.join(" ")));
  return el("li", { class: first ? "option first" : "option", "data-service": o.service_id, id: "option-" + o.service_id },
    el("h3", {}, o.rank + ". " + o.name + (first ? " (recommended)" : "")),
    el("dl", {}, ...rows),
    el("p", { class: "live-warning", hidden: true }),
    ...optionButtons(o, first));
}

function optionButtons(o, first) {
  if (o.access === "transfer") {
    const button = el("button", { type: "button", class: "primary transfer", "data-service": o.service_id },
      "Record the warm transfer");
    button.addEventListener("click", () => recordTransfer(o, button));
    return [button];
  }
  if (!o.bookable) return [];
  const button = el("button", { type: "button", class: first ? "primary hold" : "hold", "data-service": o.service_id },
    first ? "Hold a slot here" : "Choose this instead");
  button.addEventListener("click", () => chooseOption(o));
  return [button];
}

async function recordTransfer(o, button) {
  clearMessages();
  try {
    await api("POST", "/v1/transfers", { service_id: o.service_id, triage_id: state.triage.id });
  } catch (error) { return fail(error); }
  button.disabled = true;
  say("Warm transfer to " + o.name + " recorded.");
}

function chooseOption(option) {
  clearMessages();
  if (option.rank === 1) return placeHold(option, null);
  state.pendingOverride = option;
  $("override-intro").textContent = "You are choosing " + option.name + " instead of the recommended " +
    state.route.options[0].name + ". This is recorded with your reason.";
  $("override-reason").value = "";
  $("override-reason").removeAttribute("aria-invalid");
  $("override-form").hidden = false;
  $("override-reason").focus();
}

function submitOverride(event) {
  event.preventDefault();
  const reason = $("override-reason").value.trim();
  if (!reason) {
    return fail(new Problem(0, "form", "Give a reason for not using the recommended service: it is required and audited."),
      "override-reason");
  }
  $("override-form").hidden = true;
  placeHold(state.pendingOverride, reason);
}

function cancelOverride() {
  $("override-form").hidden = true;
  const option = state.pendingOverride;
  state.pendingOverride = null;
  if (option) document.querySelector('#option-' + CSS.escape(option.service_id) + ' button.hold').focus();
}

function updateHoldButtons() {
  for (const button of document.querySelectorAll("button.hold")) {
    const live = board.entries.get(button.dataset.service);
    const gone = live && (live.status !== "open" || totalFree(live) === 0);
    button.disabled = state.holding || Boolean(state.hold) || Boolean(state.booking && !state.rebookFrom) || Boolean(gone);
  }
}

// ---------- 5. hold, book, cancel, rebook ----------

async function placeHold(option, overrideReason) {
  if (state.holding) return;
  state.holding = true;  // one hold request at a time: a double-click holds once
  updateHoldButtons();
  const body = { service_id: option.service_id, window_start: option.window_start, triage_id: state.triage.id };
  if (overrideReason) body.override_reason = overrideReason;
  try {
    const hold = await api("POST", "/v1/holds", body, crypto.randomUUID());
    state.hold = { ...hold, option, bookKey: null };
  } catch (error) {
    state.holding = false;
    if (SLOT_GONE.has(error.code)) return slotGone(option, error);
    updateHoldButtons();
    return fail(error, error.code === "override-needs-reason" ? "override-reason" : null);
  }
  state.holding = false;
  renderHold();
}

async function slotGone(option, error) {
  await rank("Sorry: " + option.name + " has no slot free any more, someone else took it a moment ago (" +
    error.detail + ") The services are ranked again below; the first is now the next best.");
  const first = document.querySelector("#options button.hold:not(:disabled)");
  if (first) first.focus();
}

function renderHold() {
  const h = state.hold;
  show("booking-section");
  $("booked-panel").hidden = true;
  $("hold-panel").hidden = false;
  $("hold-text").textContent = "Slot held at " + h.option.name + ", " + clock(h.window_start) +
    ". Tell the caller where and when, then confirm.";
  $("book").textContent = state.rebookFrom ? "Confirm rebooking" : "Confirm booking";
  $("book").disabled = false;
  $("release").disabled = false;
  tickExpiry();
  updateHoldButtons();
  $("book").focus();
}

function tickExpiry() {
  const h = state.hold;
  if (!h) return;
  const left = Math.round((new Date(h.expires_at) - Date.now()) / 1000);
  $("hold-expiry").textContent = left > 0 ? "The hold lasts " + left + " more seconds." : "The hold has run out: hold a slot again.";
}

async function book() {
  const h = state.hold;
  if (!h || state.busy) return;
  state.busy = true;
  $("book").disabled = true;  // disabled at once, so a second click cannot send a second request
  $("release").disabled = true;
  h.bookKey = h.bookKey || crypto.randomUUID();  // one key per hold: a retry after a network drop replays
  const path = state.rebookFrom ? "/v1/bookings/" + state.rebookFrom.id + "/rebook" : "/v1/bookings";
  try {
    state.booking = await api("POST", path, { hold_id: h.id }, h.bookKey);
  } catch (error) {
    state.busy = false;
    if (error.status === 0) { $("book").disabled = false; $("release").disabled = false; return fail(error); }
    state.hold = null;
    $("hold-panel").hidden = true;
    updateHoldButtons();
    return fail(error);
  }
  state.busy = false;
  state.hold = null;
  state.rebookFrom = null;
  renderBooking(h.option);
}

function renderBooking(option) {
  const b = state.booking;
  $("hold-panel").hidden = true;
  $("booked-panel").hidden = false;
  $("reference").textContent = b.reference;
  $("booked-text").textContent = "Booked at " + option.name + " for " + clock(b.window_start) +
    ". Read the reference out, then the safety-netting advice.";
  say("Booked: reference " + b.reference.split("").join(" ") + ".");
  updateHoldButtons();
  focusHeading("booking-heading");
}

async function release() {
  const h = state.hold;
  if (!h || state.busy) return;
  state.busy = true;
  try { await api("DELETE", "/v1/holds/" + h.id, undefined, crypto.randomUUID()); }
  catch (error) { if (error.code !== "hold-not-active" && error.code !== "hold-expired") { state.busy = false; return fail(error); } }
  state.busy = false;
  state.hold = null;
  $("hold-panel").hidden = true;
  say("Hold released: the slot is back on the board.");
  updateHoldButtons();
  const first = document.querySelector("#options button.hold:not(:disabled)");
  if (first) first.focus();
}

async function cancelBooking() {
  const b = state.booking;
  if (!b || state.busy) return;
  state.busy = true;
  $("cancel").disabled = true;
  const reason = $("cancel-reason").value.trim();
  const query = reason ? "?reason=" + encodeURIComponent(reason) : "";
  try {
    await api("DELETE", "/v1/bookings/" + b.id + query, undefined, crypto.randomUUID());
  } catch (error) {
    state.busy = false;
    $("cancel").disabled = false;
    return fail(error);
  }
  state.busy = false;
  $("cancel").disabled = false;
  state.booking = null;
  $("booked-panel").hidden = true;
  await rank();
  say("Booking " + b.reference + " cancelled: its slot is back on the board. Book again below if the caller needs it.");
}

async function startRebook() {
  if (!state.booking) return;
  state.rebookFrom = state.booking;
  await rank();
  say("Rebooking " + state.booking.reference + ": choose the new service. The old slot is kept until the new one is confirmed.");
}

// ---------- the live board ----------

function totalFree(entry) { return (entry.slots || []).reduce((sum, s) => sum + s.free, 0); }

const board = {
  socket: null, entries: new Map(), names: new Map(), ids: [], retry: 0, timer: null,

  watch(route) {
    const ids = [...route.options.map((o) => o.service_id), ...route.exclusions.slice(0, 10).map((x) => x.service_id)];
    for (const item of [...route.options, ...route.exclusions]) this.names.set(item.service_id, item.name);
    if (ids.length === 0) { this.close(); this.status("No services to watch for this call."); return; }
    const same = ids.join() === this.ids.join() && this.socket;
    this.ids = ids;
    if (!same) this.connect();
    else this.renderAll();
  },

  connect() {
    this.close(false);
    const query = this.ids.map((id) => "service=" + encodeURIComponent(id)).join("&");
    const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/board?" + query);
    this.socket = socket;
    socket.onopen = () => { this.retry = 0; this.status("Live: changes appear as providers report them."); };
    socket.onmessage = (event) => { if (socket === this.socket) this.receive(JSON.parse(event.data)); };
    socket.onclose = () => { if (socket === this.socket) this.lost(); };
  },

  close(forget = true) {
    clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close();
    if (forget) { this.ids = []; this.entries.clear(); $("board-rows").replaceChildren(); $("board-table").hidden = true; }
  },

  lost() {
    this.socket = null;
    const wait = Math.min(1000 * 2 ** this.retry, 10000);
    this.retry += 1;
    this.status("Connection to the live board lost: reconnecting… Capacity shown may be out of date.", true);
    this.timer = setTimeout(() => this.connect(), wait);
  },

  status(text, lost = false) {
    $("board-status").textContent = text;
    $("board-status").classList.toggle("lost", lost);
  },

  receive(frame) {
    if (frame.type === "snapshot") {
      this.entries = new Map(frame.services.map((s) => [s.service_id, s]));
      for (const s of frame.services) this.names.set(s.service_id, s.name);
      this.renderAll();
    } else if (frame.type === "delta") {
      const old = this.entries.get(frame.service.service_id);
      if (old && old.version > frame.service.version) return;
      this.entries.set(frame.service.service_id, frame.service);
      this.renderRow(frame.service, true);
      updateHoldButtons();
    } else if (frame.type === "error") {
      this.status("The live board refused the request: " + frame.detail, true);
    }
  },

  renderAll() {
    $("board-rows").replaceChildren();
    for (const id of this.ids) { const e = this.entries.get(id); if (e) this.renderRow(e, false); }
    $("board-table").hidden = false;
    updateHoldButtons();
  },

  renderRow(entry, changed) {
    const known = entry.status !== "unknown";
    const cells = [
      el("td", {}, this.names.get(entry.service_id) || entry.service_id),
      el("td", { class: "status-" + entry.status }, entry.status),
      el("td", { class: "free" }, known ? String(totalFree(entry)) : "unknown"),
      el("td", { class: "wait" }, known && entry.wait_minutes !== null ? entry.wait_minutes + " min" : "unknown"),
      el("td", {}, entry.updated_at ? clock(entry.updated_at) : "never"),
    ];
    const row = el("tr", { id: "board-" + entry.service_id, "data-service": entry.service_id, class: changed ? "changed" : "" }, ...cells);
    const existing = $("board-" + entry.service_id);
    if (existing) existing.replaceWith(row); else $("board-rows").append(row);
    optionLive(entry);
  },
};

function optionLive(entry) {
  const card = $("option-" + entry.service_id);
  if (!card) return;
  const warning = card.querySelector(".live-warning");
  const free = totalFree(entry);
  if (entry.status === "unknown") warning.textContent = "Live board: capacity now unknown (no recent report). Do not rely on it.";
  else if (entry.status === "closed") warning.textContent = "Live board: this service now reports it is closed.";
  else if (free === 0) warning.textContent = "Live board: no free slots now.";
  else warning.textContent = "";
  warning.hidden = warning.textContent === "";
  if (entry.status === "open") {
    card.querySelector(".live-wait").textContent = entry.wait_minutes === null ? "unknown" : entry.wait_minutes + " min (live)";
    const next = (entry.slots || []).find((s) => s.free > 0);
    if (next) card.querySelector(".live-free").textContent = clock(next.start) + ", " + free + " free (live)";
  }
}

// ---------- needs action: bookings a failing service could not keep ----------

const CAUSES = { closed: "service closed", opel4: "OPEL 4 cut", declined: "provider declined", patient_asked: "patient asked" };

function needsItem(item) {
  const what = item.state === "MOVED"
    ? "Moved to " + item.new_service_name + ", " + clock(item.new_window_start)
    : item.state === "CALLBACK" ? "No place in time: clinician callback queued" : "Being moved\u2026";
  const told = item.message_state ? " Patient message: " + item.message_state.toLowerCase() + "." : "";
  const done = el("button", { type: "button", className: "secondary", textContent: "Done" });
  done.addEventListener("click", async () => {
    try { await api("POST", "/v1/disruptions/" + item.disruption_id + "/done", {}); await loadNeedsAction(); }
    catch (error) { fail(error); }
  });
  return el("li", { class: "needs-item" },
    el("strong", {}, item.reference), " (" + (CAUSES[item.cause] || item.cause) + "): " + what + "." + told, " ", done);
}

async function loadNeedsAction() {
  let items;
  try { items = await api("GET", "/v1/bookings?needs_action=true"); } catch (error) { return; }
  $("needs-list").replaceChildren(...items.map(needsItem));
  $("needs-status").textContent = items.length ? items.length + " to check" : "Nothing needs action.";
}

// ---------- wiring ----------

document.addEventListener("DOMContentLoaded", () => {
  $("call-form").addEventListener("submit", startCall);
  $("start").disabled = false;  // disabled in the page until this handler is there (see console.html)
  $("text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("call-form").requestSubmit();
  });
  $("new-call").addEventListener("click", newCall);
  for (const button of document.querySelectorAll(".answer")) {
    button.addEventListener("click", () => answer(button.dataset.answer));
  }
  document.addEventListener("keydown", answerKeys);
  $("override-form").addEventListener("submit", submitOverride);
  $("override-cancel").addEventListener("click", cancelOverride);
  $("refresh").addEventListener("click", () => { if (state.triage) rank(); });
  $("book").addEventListener("click", book);
  $("release").addEventListener("click", release);
  $("cancel").addEventListener("click", cancelBooking);
  $("rebook").addEventListener("click", startRebook);
  setInterval(tickExpiry, 1000);
  loadNeedsAction();
  setInterval(loadNeedsAction, 5000);
  const signOut = $("sign-out");
  if (signOut) signOut.addEventListener("submit", async (event) => {
    event.preventDefault();
    try { await api("POST", signOut.action); } catch (error) { if (error.status !== 401) return fail(error); }
    window.location.assign("/login");
  });
  $("postcode").focus();
});
