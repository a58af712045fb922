// The operations dashboard: the live summary over /ws/ops, the forecast and the equity alerts from /v1/insight.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const TYPES = {
    EMERGENCY_DEPARTMENT: "A&E", URGENT_TREATMENT_CENTRE: "UTC", MENTAL_HEALTH_CRISIS: "Mental health crisis",
    GP_OUT_OF_HOURS: "GP out of hours", GP_PRACTICE: "GP practice", DENTAL_PRACTICE: "Dental", COMMUNITY_PHARMACY: "Pharmacy",
  };
  const MIX = { ambulance: "Ambulance", ed: "A&E", primary_care: "Primary care", dental: "Dental", self_care: "Self care", other: "Other" };
  const pct = (x) => `${Math.round(x * 100)}%`;
  const share = (x) => (x > 0 && x < 1 ? `${(x * 100).toFixed(1)}%` : pct(x));  // 551 of 552 is not "100%"
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  let socket = null, retry = 1000;

  function scope() { return $("scope").value; }

  function connect() {
    if (socket) { socket.onclose = null; socket.close(); }
    const query = scope() ? `?region=${encodeURIComponent(scope())}` : "";
    const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/ops" + query);
    socket = ws;
    ws.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === "summary") { retry = 1000; render(frame.summary); }
      else if (frame.type === "error") { lost(frame.detail); }
    };
    ws.onclose = () => { if (ws === socket) { lost("Reconnecting… figures may be out of date."); setTimeout(connect, retry); retry = Math.min(retry * 2, 15000); } };
  }

  function lost(text) { $("live").textContent = text; $("live").classList.add("lost"); }

  function render(s) {
    const at = new Date(s.at).toLocaleTimeString("en-GB");
    $("live").textContent = `Live · ${s.scope} · updated ${at}`;
    $("live").classList.remove("lost");
    $("calls-total").textContent = s.calls_last_hour;
    $("calls-unknown").textContent = s.calls_area_unknown;
    $("messages").textContent = "not recorded yet";
    $("messages").classList.add("small");
    $("areas").innerHTML = s.areas.map((a) => area(a, s.national_mix)).join("");
  }

  function area(a, national) {
    return `<section class="card area" data-area="${esc(a.code)}" aria-label="${esc(a.name)}">
      <h3>${esc(a.name)}</h3>${calls(a)}${capacity(a)}${opel(a)}${mix(a.mix, national)}
      <dl class="facts">
        <dt>Booked (24 h)</dt><dd>${a.booked}</dd><dt>Referred, not booked</dt><dd>${a.referred}</dd>
        <dt>Callbacks waiting</dt><dd>${a.callbacks_waiting}</dd>
        <dt>Past their deadline</dt><dd class="${a.callbacks_breached ? "breach" : ""}">${a.callbacks_breached}</dd>
        <dt>Stale or unknown</dt><dd>${share(a.stale_or_unknown_share)} of services</dd>
      </dl></section>`;
  }

  function calls(a) {
    const e = a.expected_this_hour;
    if (!e) return `<p class="calls">${a.calls_last_hour} calls in the last hour</p>`;
    const kind = a.calls_last_hour > e.upper80 ? "above" : a.calls_last_hour < e.lower80 ? "below" : "within";
    const word = { above: "Above forecast", below: "Below forecast", within: "As forecast" }[kind];
    return `<p class="calls"><strong>${a.calls_last_hour}</strong> calls in the last hour; forecast ${e.expected.toFixed(1)}
      (80%: ${e.lower80}–${e.upper80}) <span class="chip ${kind}">${word}</span></p>`;
  }

  function capacity(a) {
    const rows = Object.entries(a.capacity).map(([type, c]) => `<tr><th scope="row">${TYPES[type] || type}</th>
      <td class="num">${c.services}</td><td class="num">${c.open}</td><td class="num">${c.unknown}</td><td class="num"><strong>${c.free_slots}</strong></td></tr>`);
    return `<table><caption class="visually-hidden">Live capacity by service type</caption><thead><tr><th scope="col">Service</th>
      <th scope="col" class="num">All</th><th scope="col" class="num">Open</th><th scope="col" class="num">Unknown</th>
      <th scope="col" class="num">Free slots</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  }

  function opel(a) {
    const total = Object.values(a.opel).reduce((x, y) => x + y, 0);
    if (!total) return `<p class="legend">OPEL: no current reports</p>`;
    const parts = Object.entries(a.opel).filter(([, n]) => n).map(([level, n]) => `<span class="opel-${level}" style="width:${(n / total) * 100}%" title="OPEL ${level}: ${n}"></span>`);
    const words = Object.entries(a.opel).filter(([, n]) => n).map(([level, n]) => `OPEL ${level}: ${n}`).join(" · ");
    return `<div class="bar" aria-hidden="true">${parts.join("")}</div><p class="legend">${words}</p>`;
  }

  function mix(ours, national) {
    const rows = Object.keys(MIX).map((k) => `<div class="mix-row"><span>${MIX[k]}</span><span class="bars" aria-hidden="true">
      <span class="ours" style="width:${ours[k] * 100}%"></span><span class="nat" style="width:${national[k] * 100}%"></span></span>
      <span>${pct(ours[k])} / ${pct(national[k])}</span></div>`);
    return `<p class="legend">Dispositions, last 24 h: one111 (blue) / national 111 (grey)</p>${rows.join("")}`;
  }

  async function getJson(path) {
    const r = await fetch(path, { credentials: "same-origin" });
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return r.json();
  }

  async function forecast() {
    const query = scope() ? `?icb=${encodeURIComponent(scope())}` : "";
    const f = await getJson(`/v1/insight/forecast${query}`);
    $("forecast-note").textContent = `${f.name}: ${Math.round(f.level.calls_a_week).toLocaleString("en-GB")} calls a week, from ${f.level.source}. Bands: 80% and 95% prediction intervals.`;
    $("forecast-chart").innerHTML = chart(f.points);
  }

  function chart(points) {
    const w = 720, h = 180, pad = 30, max = Math.max(...points.map((p) => p.upper95), 1);
    const x = (i) => pad + (i * (w - 2 * pad)) / (points.length - 1), y = (v) => h - pad - (v * (h - 2 * pad)) / max;
    const band = (lo, hi) => points.map((p, i) => `${x(i)},${y(p[hi])}`).join(" ") + " " + points.map((p, i) => `${x(i)},${y(p[lo])}`).reverse().join(" ");
    const line = points.map((p, i) => `${x(i)},${y(p.expected)}`).join(" ");
    const ticks = points.map((p, i) => [p, i]).filter(([, i]) => i % 6 === 0).map(([p, i]) => {
      const t = new Date(p.start).toLocaleString("en-GB", { weekday: "short", hour: "2-digit", minute: "2-digit" });
      return `<text x="${x(i)}" y="${h - 8}" font-size="10" text-anchor="middle">${t}</text>`;
    });
    return `<svg viewBox="0 0 ${w} ${h}" aria-hidden="true"><polygon points="${band("lower95", "upper95")}" fill="#005eb8" opacity=".15"/>
      <polygon points="${band("lower80", "upper80")}" fill="#005eb8" opacity=".3"/><polyline points="${line}" fill="none" stroke="#003d78" stroke-width="2"/>
      <text x="4" y="${y(max) + 4}" font-size="10">${max}</text><text x="4" y="${y(0)}" font-size="10">0</text>${ticks.join("")}</svg>`;
  }

  async function equity() {
    const e = await getJson("/v1/insight/equity?days=7");
    const alerts = e.alerts.map((t) => `<li class="alert-item">${esc(t.dimension.replace("_", " "))} ${esc(t.group)}: ${esc(t.measure.replace(/_/g, " "))}
      differs from everyone else by ${t.measure === "minutes_to_care" ? `${t.effect} minutes` : `${Math.round(t.effect * 100)} points`} (${esc(t.method)}, adjusted p ${t.adjusted_p.toExponential(1)})</li>`);
    const head = alerts.length
      ? `<ul>${alerts.join("")}</ul>`
      : `<p class="ok">No group differs beyond chance: ${e.tests.length} tests over ${e.events} calls, Benjamini–Hochberg at 5%.</p>`;
    const missing = Object.values(e.not_recorded).map((t) => `<li>${esc(t)}</li>`).join("");
    $("equity-body").innerHTML = `${head}<ul class="not-recorded">${missing}</ul>`;
  }

  function refreshSide() {
    forecast().catch((err) => { $("forecast-note").textContent = `Forecast unavailable (${err.message}).`; });
    equity().catch((err) => { $("equity-body").textContent = `Equity report unavailable (${err.message}).`; });
  }

  $("scope").addEventListener("change", () => { connect(); forecast().catch(() => {}); });
  connect();
  refreshSide();
  setInterval(refreshSide, 60000);
})();
