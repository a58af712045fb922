// The clinician's hub: the live queue (/ws/clinical) -> claim -> call outcomes -> assessment -> route, hold, book.
// Plain JavaScript, no build step. Every problem the API returns is shown as its `detail` in an aria-live region.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { item: null, socket: null, retry: 0, timer: null, busy: false };
const NEED = {
  CALL_999: "999", ED: "A&E", MENTAL_HEALTH_CRISIS: "Mental health crisis", CLINICAL_ASSESSMENT: "Clinical assessment",
  UTC: "Urgent treatment centre", GP_OOH: "GP out of hours", DENTAL: "Urgent dental", GP_ROUTINE: "GP (routine)",
  PHARMACY: "Pharmacy", SELF_CARE: "Self care",
};

class Problem extends Error {
  constructor(status, code, detail) { super(detail); this.status = status; this.code = code; this.detail = detail; }
}

function cookie(name) {
  const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : null;
}

async function api(method, path, body) {
  const headers = { Accept: "application/json, application/problem+json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const csrf = cookie("one111_csrf");
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  let response;
  try {
    response = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
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
    throw new Problem(response.status, code, data && data.detail ? data.detail : "Something went wrong (" + response.status + ").");
  }
  return data;
}

function say(text) { $("status").textContent = text; }
function alarm(text) { $("alert").textContent = text; }

async function act(work) {
  if (state.busy) return;
  state.busy = true;
  alarm("");
  try { await work(); } catch (error) { alarm(error.detail || String(error)); } finally { state.busy = false; }
}

function hhmm(iso) { return new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }); }
function text(tag, value, cls) { const el = document.createElement(tag); el.textContent = value; if (cls) el.className = cls; return el; }
function base() { return "/v1/callbacks/" + encodeURIComponent(state.item.id); }

// ---------- the live queue ----------

function connect() {
  clearTimeout(state.timer);
  const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/clinical");
  state.socket = socket;
  socket.onopen = () => { state.retry = 0; $("queue-status").textContent = "Live: the queue updates as callbacks arrive."; };
  socket.onmessage = (event) => receive(JSON.parse(event.data));
  socket.onclose = () => {
    if (socket !== state.socket) return;
    $("queue-status").textContent = "Reconnecting to the live queue…";
    state.timer = setTimeout(connect, Math.min(10000, 500 * 2 ** state.retry++));
  };
}

function receive(frame) {
  if (frame.type === "queue") showQueue(frame.items);
  if (frame.type === "deadline") {
    const word = frame.state === "breached" ? "is past its deadline" : "is near its deadline";
    $("deadlines").textContent = `Band ${frame.band} callback (${NEED[frame.disposition] || frame.disposition}) ${word} (${hhmm(frame.deadline)}).`;
  }
}

function showQueue(items) {
  const me = $("hub").dataset.me;
  const rows = items.map((item) => {
    const row = document.createElement("tr");
    row.className = item.deadline_state === "on_time" ? "" : item.deadline_state;
    row.append(text("td", String(item.band)), text("td", `${NEED[item.disposition] || item.disposition} · ${item.skill.replace("_", " ").toLowerCase()} · ${item.area}`));
    const due = item.deadline_state === "breached" ? "overdue since " : item.deadline_state === "near" ? "soon: " : "";
    row.append(text("td", due + hhmm(item.deadline)), text("td", item.holder ? (item.holder === me ? "you" : item.holder.split(":")[1]) : "—"));
    const cell = document.createElement("td");
    if (!item.holder || item.holder === me) {
      const claim = text("button", item.holder === me ? "Open" : "Claim");
      claim.type = "button";
      claim.setAttribute("aria-label", `${claim.textContent} band ${item.band} ${NEED[item.disposition] || item.disposition} callback due ${hhmm(item.deadline)}`);
      claim.addEventListener("click", () => act(() => claimItem(item.id)));
      cell.append(claim);
    }
    row.append(cell);
    return row;
  });
  $("queue").replaceChildren(...rows);
  if (!items.length) $("queue").replaceChildren(Object.assign(document.createElement("tr"), { innerHTML: '<td colspan="5">No callbacks waiting.</td>' }));
}

// ---------- the claimed item ----------

async function claimItem(id) {
  state.item = await api("POST", "/v1/callbacks/" + encodeURIComponent(id) + "/claim");
  showItem();
  say("Callback claimed: it stays yours while you work on it.");
  $("item-heading").focus();
}

// The linked patient's summary (the read is logged on their record); text only, never HTML from the record.
const SUMMARY = [
  ["allergies", "Allergies", (e) => [e.substance, e.reaction, e.severity].filter(Boolean).join(", ")],
  ["medicines", "Medicines", (e) => [e.name, e.dose].filter(Boolean).join(", ")],
  ["conditions", "Conditions", (e) => [e.name, e.since ? "since " + e.since : ""].filter(Boolean).join(", ")],
  ["notes", "Special notes", (e) => `${e.category.replace(/_/g, " ")}: ${e.text}`],
];

function patientSummary(p) {
  if (!p) return [text("p", "No patient record is linked to this callback: confirm identity on the call.", "hint")];
  const parts = SUMMARY.flatMap(([key, label, line]) => {
    const list = document.createElement("ul");
    list.className = "summary-" + key;
    list.replaceChildren(...(p[key].length ? p[key].map((e) => text("li", line(e))) : [text("li", "none recorded", "hint")]));
    return [text("h4", label), list];
  });
  const consent = p.consent ? (p.consent.share ? "agrees to share the record" : "does not agree to share the record") : "not recorded";
  const unconfirmed = p.provisional ? [text("p", "Details the patient gave in a chat: identity not yet confirmed.", "hint")] : [];
  return [...unconfirmed, ...parts, text("p", "Consent: " + consent, "hint")];
}

function showItem() {
  const item = state.item;
  $("item-section").hidden = false;
  const facts = [
    ["Caller", item.caller_name || "not given"], ["Call back on", item.callback_phone || "no number given"],
    ["Need", NEED[item.disposition] || item.disposition], ["Band", String(item.band)],
    ["Due", hhmm(item.deadline) + (item.deadline_state === "on_time" ? "" : ` (${item.deadline_state})`)],
    ["Skill", item.skill.replace("_", " ").toLowerCase()], ["Area", item.area], ["Queued because", item.reason],
  ];
  $("item-facts").replaceChildren(...facts.flatMap(([k, v]) => {
    const dd = text("dd", v);
    if (k === "Call back on" && item.callback_phone) dd.replaceChildren(Object.assign(document.createElement("a"), { href: "tel:" + item.callback_phone.replace(/\s/g, ""), textContent: item.callback_phone }));
    return [text("dt", k), dd];
  }));
  $("patient-summary").replaceChildren(...patientSummary(item.patient));
  const t = item.triage;
  $("triage-summary").replaceChildren(...(t ? [
    text("p", `${NEED[t.disposition] || t.disposition} (model ${t.model_version})`, "disposition"),
    text("p", `“${t.text}”${t.age != null ? ` (age ${t.age})` : ""}`),
    text("p", t.red_flags.length ? "Red flags: " + t.red_flags.join("; ") : "No red flags recorded.", "hint"),
  ] : [text("p", "No triage record: queued from routing or by a call handler.", "hint")]));
  $("attempts").replaceChildren(...item.attempts.map((a) => text("li", `${hhmm(a.at)} ${a.result.replace("_", " ").toLowerCase()}${a.note ? ": " + a.note : ""} (${a.clinician.split(":")[1]})`)));
  const closed = item.status === "CLOSED";
  for (const b of $("item-section").querySelectorAll("button")) b.disabled = closed;
  $("assessment-section").hidden = closed || !item.attempts.some((a) => a.result === "ANSWERED");
}

async function attempt(result) {
  const note = $("attempt-note").value.trim();
  const done = await api("POST", base() + "/attempts", { result, note: note || null });
  $("attempt-note").value = "";
  state.item = await api("GET", base());
  showItem();
  if (done.failed_contact_action) say(`No contact after ${done.attempt.number} attempts: ${done.failed_contact_action.replaceAll("_", " ").toLowerCase()}. The callback is closed.`);
  else if (done.retry_at) say(`No answer recorded. Try again at ${hhmm(done.retry_at)}.`);
  else { say("Call answered: record the assessment."); $("assessment-heading").focus(); }
}

async function release() {
  await api("POST", base() + "/release");
  state.item = null;
  for (const id of ["item-section", "assessment-section", "book-section"]) $(id).hidden = true;
  say("Released back to the queue.");
}

// ---------- assessment, routing and booking ----------

function number(id) { const v = $(id).value.trim(); return v === "" ? null : Number(v); }

async function assess(event) {
  event.preventDefault();
  const observations = { respiratory_rate: number("obs-rr"), spo2: number("obs-spo2"), pulse: number("obs-pulse"), systolic_bp: number("obs-sbp"), temperature: number("obs-temp") };
  const body = {
    history: $("history").value.trim(), observations, disposition: $("disposition").value, reasoning: $("reasoning").value.trim(),
    lowering_reason: $("lowering-reason").value.trim() || null, safety_netting: $("safety-netting").value.trim(), outcome: $("outcome").value,
  };
  for (const [id, value] of [["history", body.history], ["reasoning", body.reasoning], ["safety-netting", body.safety_netting]]) {
    $(id).setAttribute("aria-invalid", value ? "false" : "true");
    if (!value) { $(id).focus(); throw new Problem(422, "missing", "Fill in the history, your reasoning and the safety-netting given."); }
  }
  const made = await api("POST", base() + "/assessment", body);
  say(`Assessment recorded (NEWS2 ${made.news2 === null ? "not scored" : made.news2}).`);
  if (body.outcome === "BOOK") await route();
  else { state.item = await api("GET", base()); showItem(); say("Assessment recorded and the callback closed."); }
}

async function route() {
  const routed = await api("POST", base() + "/route");
  $("book-section").hidden = false;
  $("route-notes").textContent = routed.notes.join(" ");
  $("options").replaceChildren(...routed.options.map((o) => {
    const li = text("li", `${o.name} (${o.distance_km.toFixed(1)} km, from ${hhmm(o.window_start)}, about ${Math.round(o.time_to_care_minutes)} min to care) `);
    const b = text("button", "Book " + o.name);
    b.type = "button";
    b.addEventListener("click", () => act(() => book(o)));
    li.append(b);
    return li;
  }));
  $("book-heading").focus();
}

async function book(option) {
  const hold = await api("POST", base() + "/hold", { service_id: option.service_id, window_start: option.window_start });
  const booking = await api("POST", base() + "/booking", { hold_id: hold.id });
  $("booked").hidden = false;
  $("booked").textContent = `Booked at ${option.name} from ${hhmm(booking.window_start)}. Reference ${booking.reference}: read it to the patient.`;
  state.item = await api("GET", base());
  showItem();
  say("Booked, and the callback closed.");
}

for (const b of document.querySelectorAll("[data-result]")) b.addEventListener("click", () => act(() => attempt(b.dataset.result)));
$("release").addEventListener("click", () => act(release));
$("assessment-form").addEventListener("submit", (event) => act(() => assess(event)));
connect();
