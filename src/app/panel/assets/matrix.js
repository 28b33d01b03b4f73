// The crosspoint matrix: outputs as rows, inputs as columns, labelled from IS-04. Routes are read from and taken
// through /x-crosspoint/v1/routes only: a click takes one crosspoint now; a salvo (several selected) is one
// PATCH, now or at a PTP time. Uses el() and NODE_API from panel.js.
"use strict";

const ROUTES = "/x-crosspoint/v1/routes";
const ROUTE_INPUTS = "/x-crosspoint/v1/inputs";

const matrix = {
  inputs: [],             // [{input, receiver_id, media}] from the routes API
  routes: [],             // GET /x-crosspoint/v1/routes, refreshed about once a second
  labels: {},             // IS-04 sender and receiver labels by id
  selected: new Map(),    // salvo: output -> input
  results: new Map(),     // output -> {text, at, bad, awaiting: {input, at}}
  built: false,
};

// "seconds:nanoseconds" (TAI) as [seconds, nanoseconds]; compared as a pair, never as a float.
function taiParts(text) {
  const [seconds, nanos] = String(text).split(":").map(Number);
  return [seconds, nanos || 0];
}
const taiNotBefore = (a, b) => { const [as, an] = taiParts(a), [bs, bn] = taiParts(b); return as > bs || (as === bs && an >= bn); };

// A TAI time as the time of day with milliseconds, for people; the exact value stays in data-at.
function taiClock(text) {
  const [seconds, nanos] = taiParts(text);
  const day = new Date(seconds * 1000).toISOString().slice(11, 19);
  return `${day}.${String(Math.floor(nanos / 1e6)).padStart(3, "0")} TAI`;
}

// Which crosspoints make sense: the routes API gives each output's and each input's media; an output whose
// media it does not know takes anything the API accepts.
const takes = (route, input) => route.media === null || route.media === input.media;

const outputLabel = (route) => matrix.labels[route.sender_id] || route.output;
const inputLabel = (input) => matrix.labels[input.receiver_id] || input.input;
const inputNamed = (name) => matrix.inputs.find((input) => input.input === name);

function heading(tag, label, name, media, slot) {
  const cell = el(tag);
  // A place for the input's or output's thumbnail (or audio meter), filled by the thumbnails when they come.
  const thumbnail = el("span", undefined, "thumb-slot");
  thumbnail.dataset[slot[0]] = slot[1];
  cell.append(thumbnail, el("span", label, "label"), el("small", `${name} · ${media || "any"}`));
  return cell;
}

function buildGrid() {
  const table = document.getElementById("matrix-grid");
  const head = el("tr");
  head.append(el("th", "output \\ input", "corner"));
  for (const input of matrix.inputs) {
    const th = heading("th", inputLabel(input), input.input, input.media, ["input", input.input]);
    th.scope = "col";
    th.dataset.input = input.input;
    head.append(th);
  }
  head.append(el("th", "pending take", "text"), el("th", "result", "text"));
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...matrix.routes.map((route) => {
    const row = el("tr");
    row.dataset.output = route.output;
    const th = heading("th", outputLabel(route), route.output, route.media, ["output", route.output]);
    th.scope = "row";
    row.append(th);
    for (const input of matrix.inputs) {
      const button = el("button", "", "xpt");
      button.type = "button";
      button.dataset.output = route.output;
      button.dataset.input = input.input;
      button.tabIndex = -1;
      button.disabled = !takes(route, input);
      button.title = button.disabled ? `${input.media} input, ${route.media} output` : `${outputLabel(route)} ← ${inputLabel(input)}`;
      button.setAttribute("aria-label", `${outputLabel(route)} from ${inputLabel(input)}`);
      const cell = el("td");
      cell.append(button);
      row.append(cell);
    }
    row.append(el("td", "", "pending text"), el("td", "", "result text"));
    return row;
  }));
  const first = table.querySelector("button.xpt:not([disabled])");
  if (first) first.tabIndex = 0;
  matrix.built = true;
}

// The routes API's answer to one entry, on its row.
function showAnswer(answer) {
  const at = answer.activation && answer.activation.activation_time;
  if (answer.code >= 300 || answer.error) {
    matrix.results.set(answer.output, { text: answer.error || `refused (${answer.code})`, bad: true });
  } else if (answer.activation && answer.activation.mode === null) {
    matrix.results.set(answer.output, { text: "pending take cancelled" });
  } else if (answer.code === 202) {
    matrix.results.set(answer.output, { text: `scheduled for ${taiClock(at)}`, at, awaiting: { input: answer.input, at, refreshes: 0 } });
  } else {
    matrix.results.set(answer.output, { text: `landed at ${taiClock(at)}`, at });
  }
}

// A scheduled take shows its landing once the routes API reports it.
function followScheduled(route) {
  const result = matrix.results.get(route.output);
  if (!result || !result.awaiting) return;
  const landed = route.last_landed;
  if (landed && landed.input === result.awaiting.input && taiNotBefore(landed.at, result.awaiting.at)) {
    matrix.results.set(route.output, { text: `landed at ${taiClock(landed.at)}`, at: landed.at });
  } else if (!route.armed && ++result.awaiting.refreshes > 2) {
    // Neither armed nor landed (cancelled elsewhere, or refused when due).
    matrix.results.set(route.output, { text: "the scheduled take did not land", bad: true });
  }
}

// The output's pending take with its time and a Cancel button; rebuilt only when it changes, so a Cancel being
// clicked or focused is not replaced under the pointer.
function renderPending(pending, route) {
  const key = route.armed ? JSON.stringify(route.armed) : "";
  if (pending.dataset.key === key) return;
  pending.dataset.key = key;
  if (!route.armed) {
    pending.replaceChildren();
    delete pending.dataset.at;
    return;
  }
  const input = inputNamed(route.armed.input);
  const when = route.armed.at ? `at ${taiClock(route.armed.at)}` : "at the next frame";
  const cancel = el("button", "Cancel", "cancel");
  cancel.type = "button";
  cancel.dataset.output = route.output;
  pending.replaceChildren(el("span", `→ ${input ? inputLabel(input) : route.armed.input || "none"} ${when} `), cancel);
  pending.dataset.at = route.armed.at || "";
}

function renderRow(row, route) {
  for (const button of row.querySelectorAll("button.xpt")) {
    const input = button.dataset.input;
    const current = route.input === input;
    const armed = route.armed !== null && route.armed.input === input;
    const selected = matrix.selected.get(route.output) === input;
    button.classList.toggle("current", current);
    button.classList.toggle("armed", armed);
    button.classList.toggle("selected", selected);
    button.setAttribute("aria-pressed", String(current));
    button.textContent = current ? "●" : armed ? "◔" : selected ? "+" : "";
  }
  renderPending(row.querySelector(".pending"), route);
  const result = matrix.results.get(route.output);
  const cell = row.querySelector(".result");
  cell.textContent = result ? result.text : "";
  cell.classList.toggle("bad", Boolean(result && result.bad));
  if (result && result.at) cell.dataset.at = result.at;
  else delete cell.dataset.at;
}

function renderMatrix() {
  if (!matrix.built) buildGrid();
  const rows = document.querySelectorAll("#matrix-grid tbody tr");
  matrix.routes.forEach((route, index) => rows[index] && renderRow(rows[index], route));
  const count = matrix.selected.size;
  const takeButton = document.getElementById("salvo-take");
  takeButton.textContent = `Take selected (${count})`;
  takeButton.disabled = count === 0;
}

function showMatrixProblem(text) {
  document.getElementById("matrix-state").textContent = text;
}

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

async function loadLabels() {
  const [senders, receivers] = await Promise.all([getJson(`${NODE_API}/senders`), getJson(`${NODE_API}/receivers`)]);
  for (const resource of [...senders, ...receivers]) matrix.labels[resource.id] = resource.label || "";
}

async function refreshRoutes() {
  try {
    matrix.routes = await getJson(ROUTES);
    matrix.routes.forEach(followScheduled);
    showMatrixProblem("");
    renderMatrix();
  } catch (error) {
    showMatrixProblem(`routes API unreachable: ${error.message}`);
  }
}

async function patchRoutes(entries, activation) {
  for (const entry of entries) matrix.results.set(entry.output, { text: "taking…" });
  renderMatrix();
  try {
    const response = await fetch(ROUTES, {
      method: "PATCH", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ routes: entries, activation }),
    });
    const body = await response.json();
    if (Array.isArray(body)) body.forEach(showAnswer);
    else entries.forEach((entry) => matrix.results.set(entry.output, { text: body.error || `HTTP ${response.status}`, bad: true }));
  } catch (error) {
    entries.forEach((entry) => matrix.results.set(entry.output, { text: String(error), bad: true }));
  }
  await refreshRoutes();
}

// The activation the salvo bar asks for: now, in N seconds (relative) or at a TAI time (absolute).
function chosenActivation() {
  const when = document.querySelector("input[name=salvo-when]:checked").value;
  if (when === "relative") {
    const seconds = Number(document.getElementById("salvo-in").value);
    if (!(seconds >= 0)) throw new Error("in how many seconds: a number, 0 or more");
    const whole = Math.floor(seconds);
    return { mode: "activate_scheduled_relative", requested_time: `${whole}:${Math.round((seconds - whole) * 1e9)}` };
  }
  if (when === "absolute") {
    const text = document.getElementById("salvo-at").value.trim();
    if (!/^\d+:\d{1,9}$/.test(text)) throw new Error("at: a TAI time as seconds:nanoseconds");
    return { mode: "activate_scheduled_absolute", requested_time: text };
  }
  return { mode: "activate_immediate" };
}

function takeSalvo() {
  const entries = [...matrix.selected].map(([output, input]) => ({ output, input }));
  if (!entries.length) return;
  let activation;
  try {
    activation = chosenActivation();
  } catch (error) {
    document.getElementById("salvo-problem").textContent = error.message;
    return;
  }
  document.getElementById("salvo-problem").textContent = "";
  matrix.selected.clear();
  patchRoutes(entries, activation);
}

function toggleSelected(output, input) {
  if (matrix.selected.get(output) === input) matrix.selected.delete(output);
  else matrix.selected.set(output, input);  // one input per output
  renderMatrix();
}

function onMatrixClick(event) {
  const cancel = event.target.closest("button.cancel");
  if (cancel) {
    patchRoutes([{ output: cancel.dataset.output }], { mode: null });
    return;
  }
  const button = event.target.closest("button.xpt");
  if (!button || button.disabled) return;
  focusCrosspoint(button);
  const salvo = document.getElementById("salvo-mode").checked;
  if (salvo || event.shiftKey || event.ctrlKey || event.metaKey) toggleSelected(button.dataset.output, button.dataset.input);
  else patchRoutes([{ output: button.dataset.output, input: button.dataset.input }], { mode: "activate_immediate" });
}

function focusCrosspoint(button) {
  for (const other of document.querySelectorAll("#matrix-grid button.xpt[tabindex='0']")) other.tabIndex = -1;
  button.tabIndex = 0;
  button.focus();
}

// Arrow keys move between the crosspoints that can be taken (skipping the others); Enter and Space take.
function onMatrixKey(event) {
  const button = event.target.closest("button.xpt");
  const steps = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
  if (!button || !steps[event.key]) return;
  event.preventDefault();
  const rows = [...document.querySelectorAll("#matrix-grid tbody tr")].map((row) => [...row.querySelectorAll("button.xpt")]);
  let row = rows.findIndex((buttons) => buttons.includes(button));
  let column = rows[row].indexOf(button);
  const [down, right] = steps[event.key];
  for (;;) {
    row += down;
    column += right;
    if (row < 0 || row >= rows.length || column < 0 || column >= rows[row].length) return;
    if (!rows[row][column].disabled) break;
  }
  focusCrosspoint(rows[row][column]);
}

async function startMatrix() {
  const grid = document.getElementById("matrix-grid");
  grid.addEventListener("click", onMatrixClick);
  grid.addEventListener("keydown", onMatrixKey);
  document.getElementById("salvo-take").addEventListener("click", takeSalvo);
  document.getElementById("salvo-clear").addEventListener("click", () => { matrix.selected.clear(); renderMatrix(); });
  document.getElementById("salvo-at").addEventListener("focus", (event) => {
    // Start from the PTP time the feed last gave, ten seconds ahead.
    const now = Number(document.getElementById("ptp-time").dataset.seconds);
    if (!event.target.value && now) event.target.value = `${Math.floor(now) + 10}:0`;
  });
  try {
    // Without IS-04 labels the matrix names inputs and outputs as the routes API does.
    [matrix.inputs] = await Promise.all([getJson(ROUTE_INPUTS), loadLabels().catch(() => {})]);
  } catch (error) {
    showMatrixProblem(`no matrix: ${error.message}`);
    return;
  }
  await refreshRoutes();
  setInterval(refreshRoutes, 1000);
}

startMatrix();
