// MiniBotPanel dashboard: plain JS, no build step, no CDN. Talks to the REST API with the
// bearer token kept in localStorage, and follows live progress over server-sent events.
"use strict";

const RESULT_LABELS = {
  lead: "Lead", not_interested: "Pas intéressé", callback: "Rappel", no_answer: "Pas de réponse",
  answering_machine: "Répondeur", busy: "Occupé", failed: "Échec", opt_out: "Opposition", invalid_number: "Numéro invalide",
};
const SENTIMENT_LABELS = { POSITIVE: "Positif", NEUTRAL: "Neutre", NEGATIVE: "Négatif" };
const state = { token: null, events: null, pollTimer: null };

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
  chartBars("#chart-results", Object.entries(summary.by_result || {}).filter(([, n]) => n > 0)
    .map(([key, n]) => [RESULT_LABELS[key] || key, n]));
  chartBars("#chart-sentiment", Object.entries(summary.by_sentiment || {}).map(([key, n]) => [SENTIMENT_LABELS[key] || key, n]));
  chartBars("#chart-hours", (summary.calls_per_hour || []).map((h) => [new Date(h.hour).getHours() + "h", h.calls]), 3);
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
      el("td", {}, String(campaign.id)), el("td", {}, campaign.name), el("td", {}, campaign.scenario),
      el("td", { class: `status-${campaign.status}` }, campaign.status), el("td", {}, bar),
      el("td", { class: "leads" }, String((stats.results || {}).lead ?? 0)), actions));
  }
  $("#sum-active").textContent = String(active);
}

async function setStatus(id, action) {
  try {
    await api(`/campaigns/${id}/status`, { method: "PATCH", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ action }) });
    await refreshOverview();
  } catch (error) { alert(error.message); }
}

async function refreshOverview() {
  const [campaigns, summary] = await Promise.all([api("/campaigns"), api("/stats/summary")]);
  const list = listOf(campaigns, "items", "campaigns");
  const detailed = await Promise.all(list.map((c) => (c.stats ? c : api(`/campaigns/${c.id}`).catch(() => c))));
  renderCampaigns(detailed);
  renderSummary(summary);
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
    rect.setAttribute("fill", "#2c6bed");
    const count = document.createElementNS(svg.namespaceURI, "text");
    count.setAttribute("x", index * slot + slot / 2); count.setAttribute("y", height - bottom - barHeight - 2);
    count.setAttribute("text-anchor", "middle"); count.textContent = String(value);
    const caption = document.createElementNS(svg.namespaceURI, "text");
    caption.setAttribute("x", index * slot + slot / 2); caption.setAttribute("y", height - 10);
    caption.setAttribute("text-anchor", "middle"); caption.textContent = String(label).slice(0, 12);
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
      el("td", {}, call.status), el("td", {}, RESULT_LABELS[call.result] || call.result || "–"),
      el("td", {}, seconds(call.duration_seconds)), el("td", {}, when(call.started_at)));
    body.append(row);
  }
}

async function renderCall(id) {
  const call = await api(`/calls/${encodeURIComponent(id)}`);
  $("#call-title").textContent = `Appel ${call.id} — ${call.phone_number}`;
  const facts = $("#call-facts");
  facts.replaceChildren();
  for (const [label, value] of [["Résultat", RESULT_LABELS[call.result] || call.result], ["Statut", call.status],
    ["Durée", seconds(call.duration_seconds)], ["Début", when(call.started_at)], ["Répondeur (AMD)", call.amd_result],
    ["Sentiment", call.sentiment], ["Score", call.score], ["Notes", call.notes]]) {
    facts.append(el("dt", {}, label), el("dd", {}, value == null || value === "" ? "–" : String(value)));
  }
  const transcript = $("#transcript");
  transcript.replaceChildren();
  for (const turn of call.turns || []) {
    const meta = [turn.intent, turn.sentiment].filter(Boolean).join(" · ");
    transcript.append(el("li", { class: `turn ${turn.speaker}` }, turn.text, meta ? el("small", {}, meta) : ""));
  }
  // <audio> cannot send the bearer header: fetch the WAV and play it from a blob URL.
  const audio = $("#call-audio");
  audio.hidden = true;
  $("#call-audio-missing").hidden = true;
  try {
    const response = await api(`/calls/${call.id}/recording.wav`);
    audio.src = URL.createObjectURL(await response.blob());
    audio.hidden = false;
  } catch (_) { $("#call-audio-missing").hidden = false; }
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
  const pageID = callMatch ? "call-page" : path.startsWith("/calls") ? "calls-page" : "overview-page";
  for (const page of document.querySelectorAll("main > section")) page.hidden = page.id !== pageID;
  try {
    if (callMatch) await renderCall(callMatch[1]);
    else if (pageID === "calls-page") await renderCalls();
    else await refreshOverview();
  } catch (error) { if (error.message !== "unauthorized") console.error(error); }
}

window.addEventListener("hashchange", route);
state.token = localStorage.getItem("minibot-token");
if (state.token) startLive();
route();
