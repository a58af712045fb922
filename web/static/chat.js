// The patient chat: one websocket to /ws/chat. The server keeps the conversation; this page only shows it.
// The chat session token lives in sessionStorage, so a reload or a dropped connection picks the conversation up again.
"use strict";

(() => {
  const TOKEN_KEY = "one111.chat.token";
  const $ = (id) => document.getElementById(id);
  const forms = ["describe-form", "choices-form", "postcode-form", "contact-form", "offer-form", "done-form"];
  const state = { socket: null, timer: 0, ended: false, refusals: 0, shown: 0, turn: 0, prompt: null, attempt: 0, busy: false };
  const WHEN = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London", weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit",
  });

  async function connect() {
    const token = sessionStorage.getItem(TOKEN_KEY) || (await startSession());
    if (!token) return retryLater();
    // Browsers cannot put a header on a websocket; the cookie goes to this one path and is never in a URL.
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `one111_chat=${token}; Path=/ws/chat; SameSite=Strict${secure}`;
    const socket = new WebSocket((secure ? "wss://" : "ws://") + location.host + "/ws/chat");
    state.socket = socket;
    socket.onopen = () => {
      state.attempt = 0;
      socket.send(JSON.stringify({ type: "hello", token }));
    };
    socket.onmessage = (event) => receive(JSON.parse(event.data));
    socket.onclose = () => {
      if (state.socket !== socket) return;
      state.socket = null;
      if (!state.ended) retryLater();
    };
  }

  async function startSession() {
    try {
      const response = await fetch("/v1/chat/sessions", { method: "POST" });
      if (!response.ok) return null;
      const { token } = await response.json();
      sessionStorage.setItem(TOKEN_KEY, token);
      return token;
    } catch {
      return null;
    }
  }

  function retryLater() {
    setStatus("Connection lost. Reconnecting\u2026 Your answers so far are saved.");
    setBusy(true);
    // Back off 0.5 s, 1 s, 2 s ... up to 10 s, with jitter so many phones do not all retry at once.
    const delay = Math.min(10000, 500 * 2 ** state.attempt) * (0.75 + Math.random() / 2);
    state.attempt += 1;
    state.timer = setTimeout(connect, delay);
  }

  function receive(frame) {
    if (frame.type === "conversation") render(frame);
    else if (frame.type === "error" && frame.status === 401) refused(frame.detail);
    else if (frame.type === "error") problem(frame.detail);
  }

  function send(frame) {
    if (!state.socket || state.socket.readyState !== WebSocket.OPEN) {
      problem("We are not connected at the moment. Reconnecting\u2026 please try again in a few seconds.");
      return;
    }
    problem("");
    setBusy(true);
    state.socket.send(JSON.stringify({ ...frame, turn: state.turn }));
  }

  function render(frame) {
    state.refusals = 0;
    setStatus("");
    problem("");
    const transcript = $("transcript");
    if (frame.messages.length < state.shown) {
      transcript.replaceChildren();
      state.shown = 0;
    }
    const fresh = frame.messages.slice(state.shown).map(message);
    transcript.append(...fresh);
    state.shown = frame.messages.length;
    state.turn = frame.turn;
    state.prompt = frame.prompt;
    showPrompt(frame.prompt);
    setBusy(frame.prompt.kind === "wait");
    const newest = [...transcript.querySelectorAll(".bot")].pop();
    if (fresh.length && newest) newest.focus();
  }

  function message(m) {
    const item = document.createElement("div");
    item.className = `msg ${m.role} ${m.kind}`;
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = m.role === "bot" ? "one111: " : "You: ";
    const text = document.createElement("p");
    text.textContent = m.text;
    item.append(who, text);
    if (m.kind === "emergency") {
      const call = document.createElement("a");
      call.href = "tel:999";
      call.className = "call";
      call.textContent = "Call 999";
      item.append(call);
    }
    if (m.card) item.append(card(m.card));
    if (m.role === "bot") item.tabIndex = -1;
    return item;
  }

  function card(c) {
    const list = document.createElement("dl");
    list.className = "service";
    // A call-back or a crisis line is not a place to go; an emergency is never told a drive time.
    const rows = [["Service", `${c.name} (${c.kind})`]];
    if (c.how) rows.push(["What to do", c.how]);
    if (c.place) {
      rows.push(["Address", c.address]);
      if (c.bookable) rows.push(["When to go", "From " + WHEN.format(new Date(c.window_start))]);
      rows.push(["Distance", c.drive ? `${c.distance_km} km, about ${c.travel_minutes} minutes away`
        : `${c.distance_km} km: do not drive yourself`]);
    }
    for (const [term, value] of rows) {
      const dt = document.createElement("dt");
      const dd = document.createElement("dd");
      dt.textContent = term;
      dd.textContent = value;
      list.append(dt, dd);
    }
    return list;
  }

  function showPrompt(prompt) {
    for (const id of forms) $(id).hidden = true;
    if (prompt.kind === "describe") $("describe-form").hidden = false;
    if (prompt.kind === "group" || prompt.kind === "question") {
      $("choices-legend").textContent = prompt.text;
      $("choices").replaceChildren(...prompt.choices.map((c) => button(c.label, () => choose(prompt, c.value))));
      $("choices-form").hidden = false;
    }
    if (prompt.kind === "postcode") $("postcode-form").hidden = false;
    if (prompt.kind === "contact") $("contact-form").hidden = false;
    if (prompt.kind === "offer") {
      $("offers").replaceChildren(...prompt.choices.map((c) => button(c.label, () => send({ type: "book", service_id: c.value, ...contact() }))));
      $("offer-form").hidden = false;
    }
    if (prompt.kind === "none") $("done-form").hidden = false;
  }

  // Only with the patient's consent, and only what they typed: sealed by the server, used for this booking's messages.
  function contact() {
    const email = $("contact-email").value.trim();
    const mobile = $("contact-mobile").value.trim();
    if (!$("contact-consent").checked || (!email && !mobile)) return {};
    return { contact: { email: email || null, mobile: mobile || null, consent: true } };
  }

  function choose(prompt, value) {
    if (prompt.kind === "group") send({ type: "group", group: value });
    else send({ type: "answer", question_id: prompt.question_id, answer: value });
  }

  function button(label, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", () => { if (!state.busy) onClick(); });
    return b;
  }

  function refused(detail) {
    // A cookie just written can reach the network a moment after the socket opened: try again once or twice.
    state.refusals += 1;
    if (state.refusals > 2) expired(detail);
  }

  function expired(detail) {
    // The chat session timed out or is unknown: retrying cannot help, a new conversation can.
    state.ended = true;
    sessionStorage.removeItem(TOKEN_KEY);
    setStatus("");
    for (const id of forms) $(id).hidden = true;
    $("done-form").hidden = false;
    problem(detail);
  }

  function setBusy(busy) {
    state.busy = busy;
    for (const control of $("reply").querySelectorAll("button, input, textarea")) control.disabled = busy;
  }

  function setStatus(text) {
    $("status").textContent = text;
  }

  function problem(text) {
    $("problem").textContent = text;
    if (text) setBusy(false);
  }

  $("describe-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("describe-text").value.trim();
    const age = $("describe-age").value.trim();
    if (!text) return problem("Please tell us what is wrong, in a few words.");
    if (age === "" || Number.isNaN(Number(age))) return problem("Please give the age in years (0 for a baby).");
    send({ type: "describe", text, age: Number(age) });
  });

  $("postcode-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const postcode = $("postcode").value.trim();
    if (!postcode) return problem("Please type your postcode, for example LS1 4AP.");
    send({ type: "postcode", postcode, mode: $("mode").value });
  });

  $("contact-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const name = $("contact-name").value.trim();
    const phone = $("contact-phone").value.trim();
    if (!name || !phone) return problem("Please give a name and a phone number for the clinician to call.");
    send({ type: "contact", name, phone });
  });

  $("restart").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    location.reload();
  });

  // The browser knows before TCP does: drop the socket at once when offline, retry at once when back online.
  window.addEventListener("offline", () => state.socket && state.socket.close());
  window.addEventListener("online", () => {
    if (state.socket) return;
    clearTimeout(state.timer);
    state.attempt = 0;
    connect();
  });

  connect();
})();
