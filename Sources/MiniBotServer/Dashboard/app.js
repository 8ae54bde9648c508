// MiniBotPanel dashboard: plain JS, no build step, no CDN. Talks to the REST API with the
// bearer token kept in localStorage, and follows live progress over server-sent events.
"use strict";

const RESULT_LABELS = {
  lead: "Lead", not_interested: "Pas intéressé", callback: "Rappel", no_answer: "Pas de réponse",
  answering_machine: "Répondeur", busy: "Occupé", failed: "Échec", opt_out: "Opposition", invalid_number: "Numéro invalide",
  transferred: "Transféré",
};
const SENTIMENT_LABELS = { POSITIVE: "Positif", NEUTRAL: "Neutre", NEGATIVE: "Négatif" };
// One colour per meaning everywhere (charts, tables, call page): lead green, refusals red,
// unreachable grey, technical failure orange (issue 16). Values are the CSS variables of app.css.
const RESULT_COLORS = {
  lead: "var(--lead)", callback: "var(--callback)", not_interested: "var(--refusal)", opt_out: "var(--optout)",
  no_answer: "var(--unreachable)", busy: "var(--unreachable)", invalid_number: "var(--unreachable)",
  answering_machine: "var(--machine)", failed: "var(--failure)", transferred: "var(--lead)",
};
const RESULT_ORDER = ["lead", "transferred", "callback", "not_interested", "opt_out", "answering_machine", "no_answer", "busy", "invalid_number", "failed"];
const SENTIMENT_COLORS = { POSITIVE: "var(--lead)", NEUTRAL: "var(--neutral)", NEGATIVE: "var(--refusal)" };
const RULE_LABELS = {
  calling_hours: "Heures d'appel", public_holiday: "Jour férié", frequency_cap: "Fréquence max.", refusal_cooldown: "Délai après refus",
  opposition_list: "Liste d'opposition (Bloctel)", do_not_call: "Ne pas appeler", no_legal_basis: "Sans base légale",
  energy_renovation_ban: "Interdiction rénovation énergétique",
};
const RECOGNIZER_LABELS = {
  simulated: "reconnaissance simulée (texte scénarisé, aucun audio reconnu)", vosk: "reconnue par Vosk", whisper: "reconnue par Whisper",
};
// `queues`: each campaign's last known retry queue (GET /campaigns/{id}); the live event's list has none.
const state = { token: null, events: null, pollTimer: null, queues: {} };

function $(selector) { return document.querySelector(selector); }
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  return node;
}
function listOf(data, ...keys) {
  if (Array.isArray(data)) return data;
  for (const key of keys) if (data && Array.isArray(data[key])) return data[key];
  return [];
}
function percent(value) { return value == null ? "–" : `${Number(value).toFixed(1)} %`; }
function seconds(value) { return value == null ? "–" : `${Number(value).toFixed(1)} s`; }
function when(value) { return value ? new Date(value).toLocaleString("fr-FR") : "–"; }
function resultChip(result) {
  if (!result) return "–";
  return el("span", { class: "chip result", style: `background:${RESULT_COLORS[result] || "var(--unreachable)"}` }, RESULT_LABELS[result] || result);
}
function rank(result) { const index = RESULT_ORDER.indexOf(result); return index < 0 ? 99 : index; }
function resultPairs(results) {
  return Object.entries(results || {}).filter(([, n]) => n > 0)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, n]) => [RESULT_LABELS[key] || key, n, RESULT_COLORS[key] || "var(--unreachable)"]);
}

async function api(path, options = {}) {
  const headers = Object.assign({ Authorization: `Bearer ${state.token}` }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) { showLogin("Mot de passe refusé."); throw new Error("unauthorized"); }
  if (!response.ok) {
    let message = response.statusText;
    try { message = (await response.json()).error.message; } catch (_) { /* not JSON */ }
    throw new Error(message);
  }
  const type = response.headers.get("content-type") || "";
  return type.includes("json") ? response.json() : response;
}

// ── Login ──────────────────────────────────────────────────
function showLogin(message) {
  for (const page of document.querySelectorAll("main > section")) page.hidden = page.id !== "login";
  $("#login-error").textContent = message || "";
}
$("#login-form").addEventListener("submit", (event) => {
  event.preventDefault();
  state.token = $("#token-input").value;
  localStorage.setItem("minibot-token", state.token);
  startLive();
  route();
});

// ── Overview ───────────────────────────────────────────────
function renderSummary(summary) {
  if (!summary) return;
  $("#sum-total").textContent = summary.total_calls ?? "–";
  $("#sum-today").textContent = summary.today ? summary.today.calls : "–";
  $("#sum-conversion").textContent = percent(summary.conversion_rate);
  chartHorizontal("#chart-results", resultPairs(summary.by_result));
  chartHorizontal("#chart-sentiment", ["POSITIVE", "NEUTRAL", "NEGATIVE"].filter((key) => (summary.by_sentiment || {})[key] != null)
    .map((key) => [SENTIMENT_LABELS[key], summary.by_sentiment[key], SENTIMENT_COLORS[key]]));
  chartBars("#chart-hours", (summary.calls_per_hour || []).map((h) => [new Date(h.hour).getHours() + "h", h.calls]), 3);
  checkLayout();
}

// Inbound AudioSocket capacity (MAX_INBOUND_CALLS) and the callers refused over it since start.
function renderPerformance(performance) {
  if (!performance) return;
  $("#sum-inbound-refused").textContent = String(performance.inbound_refused ?? 0);
  $("#sum-inbound-capacity").textContent = performance.inbound_capacity != null ? `(capacité ${performance.inbound_capacity})` : "(pas d'écoute entrante)";
  $("#tile-inbound").classList.toggle("alert", (performance.inbound_refused ?? 0) > 0);
}

function renderCampaigns(campaigns) {
  const body = $("#campaigns tbody");
  body.replaceChildren();
  let active = 0;
  for (const campaign of campaigns) {
    const stats = campaign.stats || {};
    const total = stats.total_contacts || 0;
    const done = stats.completed || 0;
    active += stats.in_progress || 0;
    const ratio = total > 0 ? Math.round((100 * done) / total) : 0;
    const bar = el("div", { class: "progress campaign-progress", "data-completed": String(done), "data-total": String(total) },
      el("span", { style: `width:${ratio}%` }), el("em", {}, `${done} / ${total}`));
    const actions = el("td");
    if (campaign.status === "running") actions.append(el("button", { onclick: () => setStatus(campaign.id, "pause") }, "Pause"));
    if (campaign.status === "paused") actions.append(el("button", { onclick: () => setStatus(campaign.id, "resume") }, "Reprendre"));
    if (campaign.status === "pending") actions.append(el("button", { onclick: () => setStatus(campaign.id, "start") }, "Lancer"));
    if (["running", "paused", "pending"].includes(campaign.status)) {
      actions.append(" ", el("button", { onclick: () => { if (confirm("Annuler la campagne ?")) setStatus(campaign.id, "cancel"); } }, "Annuler"));
    }
    body.append(el("tr", { "data-campaign": String(campaign.id) },
      el("td", {}, String(campaign.id)), el("td", {}, el("a", { href: `#/campaigns/${campaign.id}` }, campaign.name)), el("td", {}, campaign.scenario),
      el("td", { class: `status-${campaign.status}` }, campaign.status), el("td", {}, bar, waitingHint(campaign)),
      el("td", { class: "leads" }, String((stats.results || {}).lead ?? 0)), actions));
  }
  $("#sum-active").textContent = String(active);
}

// "running 30/30" with a retry pending must say so: queued retries and when the next one is due.
function waitingHint(campaign) {
  if (campaign.queue) state.queues[campaign.id] = campaign.queue;
  const queue = campaign.queue || state.queues[campaign.id];
  if (!queue || (!queue.queued_retries && !queue.waiting)) return "";
  const parts = [];
  if (queue.queued_retries) parts.push(`${queue.queued_retries} relance(s) ou rappel(s) en file`);
  if (queue.next_due_at) parts.push(`prochaine ${when(queue.next_due_at)}`);
  return el("span", { class: "hint waiting" }, parts.join(" · "));
}

async function setStatus(id, action) {
  try {
    await api(`/campaigns/${id}/status`, { method: "PATCH", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ action }) });
    await refreshOverview();
  } catch (error) { alert(error.message); }
}

async function refreshOverview() {
  const [campaigns, summary, performance] = await Promise.all([api("/campaigns"), api("/stats/summary"),
    api("/stats/performance").catch(() => null)]);
  const list = listOf(campaigns, "items", "campaigns");
  const detailed = await Promise.all(list.map((c) => (c.stats && c.queue ? c : api(`/campaigns/${c.id}`).catch(() => c))));
  renderCampaigns(detailed);
  renderSummary(summary);
  renderPerformance(performance);
  await renderWorkers().catch(() => {});
}

// Every dialling process sharing the database (GET /workers), refreshed every 5 s on the overview.
async function renderWorkers() {
  const workers = listOf(await api("/workers"), "items");
  const rows = workers.map((w) => el("tr", { class: w.alive ? "" : "muted" },
    el("td", {}, w.id), el("td", {}, w.host), el("td", {}, w.role), el("td", {}, when(w.started_at)),
    el("td", {}, when(w.heartbeat_at)), el("td", {}, String(w.live_calls)),
    el("td", {}, w.alive ? "actif" : w.stopped_at ? "arrêté" : "muet")));
  $("#workers tbody").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: "7" }, "aucun worker"))]));
}
setInterval(() => { if (state.token && isOverview()) renderWorkers().catch(() => {}); }, 5000);

// Horizontal bars in HTML: [[label, value, colour], …]. One row per category, so long French
// labels wrap inside their own row and can never run into each other at any width.
function chartHorizontal(selector, rows) {
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const nodes = rows.map(([label, value, color]) => el("div", { class: "hbar-row" },
    el("span", { class: "chart-label" }, String(label)),
    el("span", { class: "hbar-track" }, el("span", { class: "hbar", style: `width:${(100 * value) / max}%;background:${color || "var(--accent)"}` })),
    el("span", { class: "hbar-value" }, String(value))));
  $(selector).replaceChildren(...(nodes.length ? nodes : [el("span", { class: "empty" }, "aucune donnée")]));
}

// Layout self-check for the browser tests (and anyone curious): the boxes of every chart's labels must
// not intersect nor leave their chart. The verdict goes into <body data-label-overlap="none|…">,
// readable from `chromium --dump-dom`.
function checkLayout() {
  const problems = [];
  let checked = 0;
  for (const chart of document.querySelectorAll("section:not([hidden]) .chart")) {
    const box = chart.getBoundingClientRect();
    const labels = [...chart.querySelectorAll(".chart-label")].map((node) => [node, node.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && r.height > 0);
    checked += labels.length;
    labels.forEach(([node, r], i) => {
      if (r.left < box.left - 1 || r.right > box.right + 1) problems.push(`${chart.id}: "${node.textContent}" leaves the chart`);
      for (const [other, o] of labels.slice(i + 1)) {
        const overlap = Math.min(r.right, o.right) - Math.max(r.left, o.left) > 0.5 && Math.min(r.bottom, o.bottom) - Math.max(r.top, o.top) > 0.5;
        if (overlap) problems.push(`${chart.id}: "${node.textContent}" overlaps "${other.textContent}"`);
      }
    });
  }
  document.body.dataset.labelsChecked = String(checked);
  document.body.dataset.labelOverlap = problems.length ? problems.join("; ") : "none";
  document.body.dataset.viewport = `${window.innerWidth}x${window.innerHeight}`;
  return problems;
}

// A small SVG bar chart: [[label, value], …]; `labelEvery` thins crowded captions.
function chartBars(selector, pairs, labelEvery = 1) {
  const width = 320, height = 170, bottom = 28;
  const max = Math.max(1, ...pairs.map(([, n]) => n));
  const slot = pairs.length ? width / pairs.length : width;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  pairs.forEach(([label, value], index) => {
    const barHeight = ((height - bottom - 12) * value) / max;
    const rect = document.createElementNS(svg.namespaceURI, "rect");
    rect.setAttribute("x", index * slot + slot * 0.15); rect.setAttribute("width", slot * 0.7);
    rect.setAttribute("y", height - bottom - barHeight); rect.setAttribute("height", barHeight);
    rect.setAttribute("fill", "var(--accent)");
    const count = document.createElementNS(svg.namespaceURI, "text");
    count.setAttribute("x", index * slot + slot / 2); count.setAttribute("y", height - bottom - barHeight - 2);
    count.setAttribute("text-anchor", "middle"); count.textContent = String(value);
    const caption = document.createElementNS(svg.namespaceURI, "text");
    caption.setAttribute("x", index * slot + slot / 2); caption.setAttribute("y", height - 10);
    caption.setAttribute("text-anchor", "middle"); caption.textContent = String(label).slice(0, 12);
    caption.setAttribute("class", "chart-label");
    svg.append(rect);
    if (pairs.length <= 12 || value > 0) svg.append(count);
    if (index % labelEvery === 0) svg.append(caption);
  });
  $(selector).replaceChildren(svg);
}

// ── Calls ──────────────────────────────────────────────────
async function renderCalls() {
  const page = await api("/calls?page=1&page_size=50&order=desc");
  const body = $("#calls tbody");
  body.replaceChildren();
  for (const call of listOf(page, "items", "calls")) {
    const row = el("tr", { class: "link", "data-call": String(call.id), onclick: () => { location.hash = `#/calls/${call.id}`; } },
      el("td", {}, String(call.id)), el("td", {}, String(call.campaign_id ?? "–")), el("td", {}, call.phone_number),
      el("td", {}, call.status), el("td", {}, resultChip(call.result)),
      el("td", {}, seconds(call.duration_seconds)), el("td", {}, when(call.started_at)));
    body.append(row);
  }
}

async function renderCall(id) {
  const call = await api(`/calls/${encodeURIComponent(id)}`);
  $("#call-title").replaceChildren(`Appel ${call.id} — ${call.phone_number} `,
    call.campaign_id ? el("a", { href: `#/campaigns/${call.campaign_id}` }, `(campagne ${call.campaign_id})`) : "");
  const facts = $("#call-facts");
  facts.replaceChildren();
  for (const [label, value] of [["Résultat", resultChip(call.result)], ["Statut", call.status],
    ["Durée", seconds(call.duration_seconds)], ["Début", when(call.started_at)], ["Répondeur (AMD)", call.amd_result],
    ["Sentiment", call.sentiment ? el("span", { class: "chip", style: `background:${SENTIMENT_COLORS[call.sentiment] || "var(--neutral)"}` },
      SENTIMENT_LABELS[call.sentiment] || call.sentiment) : null],
    ["Reconnaissance vocale", recognizerLabel(call.recognizer)], ["Score", call.score], ["Notes", call.notes]]) {
    facts.append(el("dt", {}, label), el("dd", {}, value == null || value === "" ? "–" : value instanceof Node ? value : String(value)));
  }
  // The spec: a simulated recogniser is labelled as such wherever a transcript is shown.
  const badge = $("#call-recognizer");
  badge.textContent = call.recognizer ? (call.recognizer === "simulated" ? "simulée" : call.recognizer) : "moteur inconnu";
  badge.className = `chip ${call.recognizer === "simulated" ? "sim" : call.recognizer ? "real" : ""}`;
  badge.dataset.recognizer = call.recognizer || "unknown";
  const transcript = $("#transcript");
  transcript.replaceChildren();
  for (const turn of call.turns || []) {
    const meta = [turn.intent, turn.sentiment && (SENTIMENT_LABELS[turn.sentiment] || turn.sentiment),
      turn.speaker === "caller" && call.recognizer === "simulated" ? "simulé" : null].filter(Boolean).join(" · ");
    transcript.append(el("li", { class: `turn ${turn.speaker}` }, turn.text, meta ? el("small", {}, meta) : ""));
  }
  await renderRecording(call);
}

function recognizerLabel(engine) {
  if (!engine) return "inconnue (pas de fichier de transcription)";
  return el("span", {}, el("span", { class: `chip ${engine === "simulated" ? "sim" : "real"}`, "data-recognizer": engine },
    engine === "simulated" ? "simulée" : engine), " ", RECOGNIZER_LABELS[engine] || "");
}

// The stereo WAV (caller left, bot right): duration, a download link and a two-channel waveform.
// <audio> cannot send the bearer header: fetch the WAV once and use a blob URL for both.
async function renderRecording(call) {
  const box = $("#call-recording");
  box.hidden = true;
  $("#call-audio-missing").hidden = true;
  let buffer;
  try {
    const response = await api(`/calls/${call.id}/recording.wav`);
    buffer = await response.arrayBuffer();
  } catch (_) { $("#call-audio-missing").hidden = false; return; }
  const url = URL.createObjectURL(new Blob([buffer], { type: "audio/wav" }));
  $("#call-audio").src = url;
  const link = $("#call-audio-download");
  link.href = url;
  link.download = `appel-${call.id}.wav`;
  const wav = parseWav(buffer);
  $("#call-audio-duration").textContent = wav ? `${wav.seconds.toFixed(1)} s · ${wav.channels === 2 ? "stéréo" : "mono"} · ${wav.rate} Hz` : "";
  $("#call-audio-duration").dataset.seconds = wav ? wav.seconds.toFixed(1) : "";
  drawWaveform($("#call-waveform"), wav);
  box.hidden = false;
}

// 16-bit PCM WAV: the format and the samples' view, or null for anything else.
function parseWav(buffer) {
  const view = new DataView(buffer);
  if (buffer.byteLength < 44 || view.getUint32(0, false) !== 0x52494646) return null;  // "RIFF"
  let offset = 12, format = null;
  while (offset + 8 <= buffer.byteLength) {
    const id = view.getUint32(offset, false), size = view.getUint32(offset + 4, true);
    if (id === 0x666d7420) format = { channels: view.getUint16(offset + 10, true), rate: view.getUint32(offset + 12, true), bits: view.getUint16(offset + 22, true) };
    if (id === 0x64617461 && format && format.bits === 16) {  // "data"
      const length = Math.min(size, buffer.byteLength - offset - 8);
      const frames = Math.floor(length / (2 * format.channels));
      return Object.assign(format, { view, start: offset + 8, frames, seconds: frames / format.rate });
    }
    offset += 8 + size + (size % 2);
  }
  return null;
}

// Peak envelope per channel: caller (left) above the middle line, bot (right) below, in the chips' colours.
function drawWaveform(svg, wav) {
  svg.replaceChildren();
  if (!wav || !wav.frames) return;
  const columns = 600, step = Math.max(1, Math.floor(wav.frames / columns));
  const channels = Math.min(2, wav.channels);
  for (let channel = 0; channel < channels; channel++) {
    let path = "";
    for (let x = 0; x < columns && x * step < wav.frames; x++) {
      let peak = 0;
      for (let i = x * step; i < Math.min(wav.frames, (x + 1) * step); i += 4) {
        const sample = Math.abs(wav.view.getInt16(wav.start + 2 * (i * wav.channels + channel), true));
        if (sample > peak) peak = sample;
      }
      const height = Math.max(0.5, (38 * peak) / 32768);
      path += channel === 0 ? `M${x} ${40 - height}V40` : `M${x} 40V${40 + height}`;
    }
    const node = document.createElementNS(svg.namespaceURI, "path");
    node.setAttribute("d", path);
    node.setAttribute("stroke", channel === 0 ? "var(--lead)" : "var(--accent)");
    node.setAttribute("stroke-width", "1");
    svg.append(node);
  }
}

// ── Campaign page ──────────────────────────────────────────
// Progress, results, refusals per rule, waiting retries, its calls, the compliance journal,
// the scenario graph (Mermaid text) and exports.
async function renderCampaign(id) {
  const [campaign, calls, compliance] = await Promise.all([api(`/campaigns/${id}`),
    api(`/calls?campaign_id=${id}&page_size=200&order=desc`), api(`/campaigns/${id}/compliance?limit=200`).catch(() => ({ items: [] }))]);
  const stats = campaign.stats || {};
  $("#campaign-title").textContent = `Campagne ${campaign.id} — ${campaign.name}`;
  const actions = $("#campaign-actions");
  actions.replaceChildren(
    downloadButton("Exporter les appels (CSV)", `/campaigns/${id}/calls.csv`, `campagne-${id}-appels.csv`),
    downloadButton("Graphe du scénario (.mmd)", `/campaigns/${id}/graph.mmd`, `${campaign.scenario}.mmd`),
    downloadButton("Journal de conformité (JSON)", `/campaigns/${id}/compliance?limit=1000`, `campagne-${id}-conformite.json`));
  const total = stats.total_contacts || 0, done = stats.completed || 0;
  const ratio = total > 0 ? Math.round((100 * done) / total) : 0;
  const facts = $("#campaign-facts");
  facts.replaceChildren();
  for (const [label, value] of [["Statut", campaign.status], ["Scénario", campaign.scenario],
    ["Progression", el("div", { class: "progress campaign-progress", "data-completed": String(done), "data-total": String(total) },
      el("span", { style: `width:${ratio}%` }), el("em", {}, `${done} / ${total}`))],
    ["En attente", String(stats.pending ?? 0)], ["En cours", String(stats.in_progress ?? 0)],
    ["Conversion", percent(stats.conversion_rate)], ["Durée moyenne", seconds(stats.average_duration_seconds)],
    ["Appels / minute max.", campaign.settings.calls_per_minute ?? "–"], ["Appels simultanés max.", campaign.settings.max_concurrent_calls]]) {
    facts.append(el("dt", {}, label), el("dd", {}, value instanceof Node ? value : String(value ?? "–")));
  }
  const queue = campaign.queue || {};
  const waiting = $("#campaign-waiting");
  waiting.hidden = !(queue.queued_retries || queue.waiting);
  waiting.textContent = waiting.hidden ? "" : `${queue.queued_retries || 0} relance(s) ou rappel(s) en file, ${queue.waiting || 0} contact(s) pas encore dus`
    + (queue.next_due_at ? ` ; prochain appel prévu ${when(queue.next_due_at)}.` : ".");
  chartHorizontal("#campaign-chart-results", resultPairs(stats.results));
  chartHorizontal("#campaign-chart-refusals", Object.entries(campaign.compliance_refusals || {}).filter(([, n]) => n > 0)
    .map(([rule, n]) => [RULE_LABELS[rule] || rule, n, "var(--refusal)"]));
  const items = listOf(calls, "items", "calls");
  chartProgress("#campaign-chart-progress", items);
  $("#campaign-calls tbody").replaceChildren(...items.map((call) => el("tr", { class: "link", "data-call": String(call.id),
    onclick: () => { location.hash = `#/calls/${call.id}`; } },
  el("td", {}, String(call.id)), el("td", {}, call.phone_number), el("td", {}, call.status), el("td", {}, resultChip(call.result)),
  el("td", {}, seconds(call.duration_seconds)), el("td", {}, when(call.started_at)))));
  $("#campaign-compliance tbody").replaceChildren(...(compliance.items || []).slice(-200).reverse().map((entry) => el("tr", {},
    el("td", {}, when(entry.at)), el("td", {}, entry.phone),
    el("td", {}, entry.allowed ? el("span", { class: "chip real" }, "autorisé") : el("span", { class: "chip", style: "background:var(--refusal)" }, "refusé")),
    el("td", {}, entry.rule ? (RULE_LABELS[entry.rule] || entry.rule) : "–"), el("td", {}, entry.reason || "–"), el("td", {}, when(entry.next_allowed)))));
  try {
    const graph = await api(`/campaigns/${id}/graph.mmd`);
    $("#campaign-graph").textContent = typeof graph === "string" ? graph : await graph.text();
  } catch (error) { $("#campaign-graph").textContent = `graphe indisponible : ${error.message}`; }
  checkLayout();
}

// Completed calls over time (cumulative), from the campaign's calls.
function chartProgress(selector, calls) {
  const ends = calls.map((c) => Date.parse(c.ended_at || "")).filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
  const width = 320, height = 150, left = 4, bottom = 22;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  if (ends.length) {
    const t0 = ends[0], span = Math.max(1, ends[ends.length - 1] - t0);
    const points = ends.map((t, i) => `${left + ((width - 2 * left) * (t - t0)) / span},${height - bottom - ((height - bottom - 8) * (i + 1)) / ends.length}`);
    const line = document.createElementNS(svg.namespaceURI, "polyline");
    line.setAttribute("points", `${left},${height - bottom} ` + points.join(" "));
    line.setAttribute("fill", "none"); line.setAttribute("stroke", "var(--lead)"); line.setAttribute("stroke-width", "2");
    svg.append(line);
    for (const [x, t, anchor] of [[left, t0, "start"], [width - left, ends[ends.length - 1], "end"]]) {
      const caption = document.createElementNS(svg.namespaceURI, "text");
      caption.setAttribute("x", x); caption.setAttribute("y", height - 6); caption.setAttribute("text-anchor", anchor);
      caption.setAttribute("class", "chart-label");
      caption.textContent = new Date(t).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
      svg.append(caption);
    }
  }
  $(selector).replaceChildren(svg);
}

// A button downloading an authenticated API file (a plain link cannot carry the bearer token).
function downloadButton(label, path, filename) {
  return el("button", { onclick: async () => {
    try {
      const response = await fetch(path, { headers: { Authorization: `Bearer ${state.token}` } });
      if (!response.ok) throw new Error(response.statusText);
      const link = el("a", { href: URL.createObjectURL(await response.blob()), download: filename });
      document.body.append(link); link.click(); link.remove();
    } catch (error) { alert(error.message); }
  } }, label);
}

// ── Live updates ───────────────────────────────────────────
// Server-sent events by default; `#live=poll` (or a browser without EventSource) polls every 2 s
// instead, for proxies that buffer event streams.
function startLive() {
  if (state.events) state.events.close();
  clearInterval(state.pollTimer);
  if (!window.EventSource || localStorage.getItem("minibot-live") === "poll") {
    $("#live").textContent = "actualisation 2 s";
    $("#live").classList.add("on");
    state.pollTimer = setInterval(() => { if (isOverview()) refreshOverview().catch(() => {}); }, 2000);
    return;
  }
  state.events = new EventSource(`/events?token=${encodeURIComponent(state.token)}`);
  state.events.addEventListener("open", () => { $("#live").textContent = "en direct"; $("#live").classList.add("on"); });
  state.events.addEventListener("error", () => { $("#live").textContent = "reconnexion…"; $("#live").classList.remove("on"); });
  state.events.addEventListener("progress", (event) => {
    const data = JSON.parse(event.data);
    if (!isOverview()) return;
    renderCampaigns(listOf(data.campaigns, "items", "campaigns"));
    renderSummary(data.summary);
    renderPerformance(data.performance);
  });
}
function isOverview() { return !$("#overview-page").hidden; }

// ── Routing ────────────────────────────────────────────────
// "#/calls/5?token=…&live=poll" or "#token=…": the page path and its parameters.
function parseHash() {
  const raw = (location.hash || "#/").slice(1);
  let [path, query] = raw.includes("?") ? [raw.slice(0, raw.indexOf("?")), raw.slice(raw.indexOf("?") + 1)]
    : raw.includes("=") ? ["/", raw] : [raw, ""];
  return { path: path || "/", params: new URLSearchParams(query) };
}

async function route() {
  const { path, params } = parseHash();
  if (params.has("token") || params.has("live")) {
    if (params.has("live")) localStorage.setItem("minibot-live", params.get("live"));
    if (params.has("token")) {
      state.token = params.get("token");
      localStorage.setItem("minibot-token", state.token);
    }
    history.replaceState(null, "", location.pathname + "#" + path);  // keep the token out of the address bar
    if (state.token) startLive();
  }
  if (!state.token) return showLogin();
  const callMatch = /^\/calls\/(.+)$/.exec(path);
  const campaignMatch = /^\/campaigns\/(\d+)$/.exec(path);
  const pageID = callMatch ? "call-page" : campaignMatch ? "campaign-page" : path.startsWith("/calls") ? "calls-page" : "overview-page";
  for (const page of document.querySelectorAll("main > section")) page.hidden = page.id !== pageID;
  try {
    if (callMatch) await renderCall(callMatch[1]);
    else if (campaignMatch) await renderCampaign(campaignMatch[1]);
    else if (pageID === "calls-page") await renderCalls();
    else await refreshOverview();
  } catch (error) { if (error.message !== "unauthorized") console.error(error); }
  checkLayout();
  document.body.dataset.rendered = pageID;
}

window.addEventListener("hashchange", route);
state.token = localStorage.getItem("minibot-token");
if (state.token) startLive();
route();
