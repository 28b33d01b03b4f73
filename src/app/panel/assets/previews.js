// Pictures of the video inputs and outputs and peak meters of the audio flows, in the flow health section.
// Listing them each second keeps the engine's tap on for them; with no page open nothing is tapped (a
// background tab's timers are slowed by the browser, and the taps lapse between its turns). A picture
// or level is fetched only once the listing says it is ready, so the page never asks for one that is not there.
"use strict";

(() => {
  const LIST = "/x-crosspoint/v1/thumbnails";
  const FLOOR_DBFS = -60;
  const tiles = new Map();  // picture or meters URL -> {figure, img | bars}

  function make(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function tileFor(flow) {
    const url = flow.picture || flow.meters;
    if (tiles.has(url)) return tiles.get(url);
    const figure = make("figure", undefined, "preview");
    figure.dataset.kind = flow.kind;
    figure.dataset.id = flow.id;
    const tile = { figure };
    if (flow.picture) {
      tile.img = make("img");
      tile.img.alt = `picture of ${flow.kind} ${flow.label}`;
      tile.img.width = 160;
      figure.append(tile.img);
    } else {
      tile.bars = make("div", undefined, "meters");
      tile.bars.setAttribute("role", "meter");
      tile.bars.setAttribute("aria-label", `peak level of ${flow.kind} ${flow.label}`);
      figure.append(tile.bars);
    }
    figure.append(make("figcaption", `${flow.kind} ${flow.label}`));
    document.getElementById("previews").append(figure);
    tiles.set(url, tile);
    return tile;
  }

  async function showPicture(tile, url) {
    const response = await fetch(url, { cache: "no-store" });
    if (!response.ok) return;
    const old = tile.img.src;
    tile.img.src = URL.createObjectURL(await response.blob());
    if (old) URL.revokeObjectURL(old);
  }

  async function showMeters(tile, url) {
    const response = await fetch(url, { cache: "no-store" });
    if (!response.ok) return;
    const { peak_dbfs: peaks } = await response.json();
    tile.bars.replaceChildren(...peaks.map((peak, channel) => {
      const row = make("div", undefined, "meter");
      const level = peak === null ? FLOOR_DBFS : Math.max(FLOOR_DBFS, peak);
      const fill = make("span", undefined, peak !== null && peak > -1 ? "fill bad" : "fill");
      fill.style.width = `${(100 * (level - FLOOR_DBFS)) / -FLOOR_DBFS}%`;
      row.append(fill, make("span", `${channel + 1}: ${peak === null ? "silence" : peak.toFixed(1) + " dBFS"}`, "value"));
      return row;
    }));
  }

  async function refresh() {
    try {
      const flows = await (await fetch(LIST, { cache: "no-store" })).json();
      await Promise.all(flows.map((flow) => {
        const tile = tileFor(flow);
        if (!flow.ready) return null;
        return flow.picture ? showPicture(tile, flow.picture) : showMeters(tile, flow.meters);
      }));
    } catch (error) {
      // The daemon restarting: the next turn tries again.
    }
  }

  refresh();
  setInterval(refresh, 1000);
})();
