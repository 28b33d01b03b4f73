// The crosspoint panel: flow health and PTP from the live feed (WebSocket, one message a second), the node
// from the Node API. Plain JavaScript, no libraries; every file is served by the daemon.
"use strict";

const NODE_API = "/x-nmos/node/v1.3";
const FEED = "/x-crosspoint/v1/panel/feed";
const PLOT_SECONDS = 300;
// Drops that are part of normal operation: the second leg's copies, flows and control frames not for us.
const EXPECTED_DROPS = new Set(["duplicate", "unmatched_flow", "igmp", "arp_not_for_us"]);

let previous = null;      // the last snapshot, for rates and for "changed to bad"
const ptpHistory = [];    // {t, offset, delay}: seconds (PTP), nanoseconds

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function rate(now, before, key, seconds) {
  if (!before || seconds <= 0) return null;
  return Math.max(0, (now[key] - before[key]) / seconds);
}
const fmtRate = (value, digits = 0) => (value === null ? "-" : value.toFixed(digits));
const mbps = (bytesPerSecond) => (bytesPerSecond === null ? null : (bytesPerSecond * 8) / 1e6);

// A counter cell that turns red when the value grew since the last message.
function counterCell(value, before) {
  const cell = el("td", String(value));
  if (before !== undefined && value > before) cell.className = "bad";
  return cell;
}

function dropsCell(drops, beforeDrops) {
  const parts = Object.entries(drops).map(([reason, count]) => `${reason} ${count}`);
  const cell = el("td", parts.length ? parts.join(", ") : "0", "text");
  if (beforeDrops) {
    const grew = Object.entries(drops).some(([reason, count]) =>
      !EXPECTED_DROPS.has(reason) && count > (beforeDrops[reason] || 0));
    if (grew) cell.classList.add("bad");
  }
  return cell;
}

function byId(list) {
  return Object.fromEntries((list || []).map((item) => [item.id || item.name, item]));
}

function fillTable(id, rows) {
  const body = document.querySelector(`#${id} tbody`);
  body.replaceChildren(...rows);
}

function renderInputs(engine, before, seconds) {
  const old = byId(before && before.inputs);
  const rows = [];
  for (const input of engine.inputs) {
    const was = old[input.id];
    input.legs.forEach((leg, index) => {
      const wasLeg = was && was.legs[index];
      const row = el("tr");
      row.dataset.input = input.id;
      row.append(el("td", index === 0 ? input.label : ""), el("td", String(index)), el("td", leg.port, "text"),
                 el("td", fmtRate(rate(leg, wasLeg, "packets", seconds))),
                 el("td", fmtRate(mbps(rate(leg, wasLeg, "bytes", seconds)), 1)),
                 el("td", index === 0 ? fmtRate(rate(input, was, "frames", seconds), 1) : ""),
                 counterCell(leg.lost, wasLeg && wasLeg.lost),
                 counterCell(leg.recovered, undefined),
                 index === 0 ? counterCell(input.lost, was && was.lost) : el("td", ""),
                 index === 0 ? dropsCell(input.drops, was && was.drops) : el("td", ""));
      rows.push(row);
    });
  }
  fillTable("inputs", rows);
}

function renderOutputs(engine, before, seconds) {
  const old = byId(before && before.outputs);
  const labels = Object.fromEntries(engine.inputs.map((input) => [input.id, input.label]));
  fillTable("outputs", engine.outputs.map((output) => {
    const was = old[output.id];
    const row = el("tr");
    row.dataset.output = output.id;
    const landing = output.last_landing ? ptpClock(output.last_landing.at) : "-";
    row.append(el("td", output.label), el("td", output.input ? labels[output.input] || output.input : "none", "text"),
               el("td", fmtRate(rate(output, was, "packets", seconds))),
               el("td", fmtRate(mbps(rate(output, was, "bytes", seconds)), 1)),
               el("td", fmtRate(rate(output, was, "frames", seconds), 1)),
               el("td", landing), el("td", String(output.landings)), dropsCell(output.drops, was && was.drops));
    return row;
  }));
}

function renderPorts(engine, before, seconds) {
  const old = byId(before && before.ports);
  fillTable("ports", engine.ports.map((port) => {
    const was = old[port.name];
    const row = el("tr");
    const device = el("td", `${port.device_rx_missed} / ${port.device_tx_errors}`);
    if (was && (port.device_rx_missed > was.device_rx_missed || port.device_tx_errors > was.device_tx_errors))
      device.className = "bad";
    const igmp = el("td", `${port.igmp_reports} / ${port.igmp_queries}`);
    if (was && port.igmp_reports_unsent > was.igmp_reports_unsent) igmp.className = "bad";
    row.append(el("td", port.name), el("td", fmtRate(rate(port, was, "rx_packets", seconds))),
               el("td", fmtRate(mbps(rate(port, was, "rx_bytes", seconds)), 1)),
               el("td", fmtRate(rate(port, was, "tx_packets", seconds))),
               el("td", fmtRate(mbps(rate(port, was, "tx_bytes", seconds)), 1)),
               el("td", port.igmp_groups.length ? port.igmp_groups.join(" ") : "none", "text"), igmp, device,
               dropsCell(port.drops, was && was.drops));
    return row;
  }));
}

// PTP seconds (TAI) as a TAI clock time of day with milliseconds.
function ptpClock(seconds) {
  const date = new Date(seconds * 1000);
  return date.toISOString().slice(11, 23) + " TAI";
}

function facts(id, pairs) {
  const list = document.getElementById(id);
  list.replaceChildren(...pairs.flatMap(([term, value, bad]) => [el("dt", term), el("dd", value, bad ? "bad" : "")]));
}

function renderPtp(ptp, time) {
  facts("ptp-status", [
    ["state", ptp.state, ptp.state === "FAULTY"],
    ["grandmaster", ptp.grandmaster_identity],
    ["this clock", ptp.clock_identity],
    ["domain", String(ptp.domain)],
    ["steps removed", String(ptp.steps_removed)],
    ["locked", ptp.locked ? "yes" : "no", !ptp.locked],
    ["traceable", `time ${ptp.time_traceable ? "yes" : "no"}, frequency ${ptp.frequency_traceable ? "yes" : "no"}`],
    ["offset from master", `${ptp.offset_ns} ns`],
    ["mean path delay", `${ptp.mean_path_delay_ns} ns`],
  ]);
  ptpHistory.push({ t: time, offset: ptp.offset_ns, delay: ptp.mean_path_delay_ns });
  while (ptpHistory.length && ptpHistory[0].t < time - PLOT_SECONDS) ptpHistory.shift();
  drawPtpPlot();
}

function drawPtpPlot() {
  const canvas = document.getElementById("ptp-plot");
  const g = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, left = 70, bottom = 20;
  g.clearRect(0, 0, w, h);
  if (!ptpHistory.length) return;
  const values = ptpHistory.flatMap((s) => [s.offset, s.delay]);
  let low = Math.min(0, ...values), high = Math.max(0, ...values);
  if (high - low < 20) { high += 10; low -= 10; }
  const end = ptpHistory[ptpHistory.length - 1].t, start = end - PLOT_SECONDS;
  const x = (t) => left + ((t - start) / PLOT_SECONDS) * (w - left - 5);
  const y = (v) => 5 + ((high - v) / (high - low)) * (h - bottom - 10);
  const style = getComputedStyle(document.documentElement);
  g.strokeStyle = "#2a2f35";
  g.fillStyle = "#8a9199";
  g.font = "12px monospace";
  for (const v of [low, 0, high]) {
    g.beginPath(); g.moveTo(left, y(v)); g.lineTo(w, y(v)); g.stroke();
    g.fillText(`${Math.round(v)} ns`, 2, y(v) + 4);
  }
  g.fillText(`-${PLOT_SECONDS / 60} min`, left, h - 4);
  g.fillText("now", w - 30, h - 4);
  for (const [key, colour] of [["delay", style.getPropertyValue("--delay")], ["offset", style.getPropertyValue("--offset")]]) {
    g.strokeStyle = colour.trim();
    g.lineWidth = 2;
    g.beginPath();
    ptpHistory.forEach((s, i) => (i ? g.lineTo(x(s.t), y(s[key])) : g.moveTo(x(s.t), y(s[key]))));
    g.stroke();
  }
  canvas.dataset.samples = String(ptpHistory.length);
}

function renderNodeStatus(node) {
  facts("node-status", [
    ["node", node.id],
    ["registration", node.registered ? `registered with ${node.registry}` : "not registered", !node.registered],
    ["heartbeats", String(node.heartbeats)],
    ["registry failovers", String(node.failovers)],
    ["last error", node.last_error || "none", Boolean(node.last_error) && !node.registered],
  ]);
}

function render(snapshot) {
  const seconds = previous ? snapshot.time - previous.time : 0;
  const before = previous && previous.engine;
  const clock = document.getElementById("ptp-time");
  clock.textContent = snapshot.time ? ptpClock(snapshot.time) : "";
  clock.dataset.seconds = snapshot.time || "";
  if (snapshot.engine) {
    renderInputs(snapshot.engine, before, seconds);
    renderOutputs(snapshot.engine, before, seconds);
    renderPorts(snapshot.engine, before, seconds);
  }
  if (snapshot.ptp) renderPtp(snapshot.ptp, snapshot.time);
  if (snapshot.node) renderNodeStatus(snapshot.node);
  previous = snapshot;
  document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
}

function connectFeed() {
  const badge = document.getElementById("feed-state");
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${FEED}`);
  socket.onopen = () => { badge.textContent = "feed: live"; badge.className = "badge ok"; };
  socket.onmessage = (event) => render(JSON.parse(event.data));
  socket.onclose = () => {
    badge.textContent = "feed: reconnecting";
    badge.className = "badge bad";
    previous = null;
    setTimeout(connectFeed, 2000);
  };
}

async function loadResources(kind, listId) {
  const response = await fetch(`${NODE_API}/${kind}`);
  const resources = await response.json();
  const list = document.getElementById(listId);
  list.replaceChildren(...resources.map((resource) => {
    const item = el("li");
    const link = el("a", resource.label || resource.id);
    link.href = `${NODE_API}/${kind}/${resource.id}`;
    item.append(link, el("span", ` ${resource.id}`, "mono"));
    return item;
  }));
}

async function loadNode() {
  try {
    await Promise.all([loadResources("senders", "senders"), loadResources("receivers", "receivers")]);
  } catch (error) {
    document.getElementById("senders").replaceChildren(el("li", `Node API unreachable: ${error}`, "bad"));
  }
}

connectFeed();
loadNode();
setInterval(loadNode, 10000);
