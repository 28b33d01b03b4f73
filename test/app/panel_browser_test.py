#!/usr/bin/python3
"""The control panel in a real headless Chromium (Debian's chromium, over the DevTools protocol): the page the
running daemon serves on its embedded default shows flow health updating from the live feed, the PTP status
and plot, and the node's senders and receivers, with no console errors. Screenshots are saved under
BUILD_DIR/test-artefacts/panel/. Skips (77) when chromium is missing. The matrix: panel_matrix_test.py.

  panel_browser_test.py CROSSPOINT
"""
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from colour_bars import check_bars  # noqa: E402
from panel_in_browser import PanelInBrowser  # noqa: E402

CROSSPOINT = sys.argv[1]


def cell(page, table, row_attribute, row_id, column):
    return page.evaluate(f"(document.querySelector('#{table} tr[data-{row_attribute}=\"{row_id}\"]') || "
                         f"{{cells: []}}).cells[{column}]?.textContent")


def main():
    with PanelInBrowser(CROSSPOINT) as panel:
        check, page, daemon = panel.check, panel.page, panel.daemon
        check(f"Panel            {daemon.base_url}/" in daemon.log(), "the daemon prints the panel's URL")
        check(page.wait_for("document.getElementById('feed-state')?.textContent === 'feed: live'"),
              "the page connects to the live feed")
        check(page.wait_for("Number(document.body.dataset.updates || 0) >= 4", seconds=30),
              "the feed pushes updates (4 within 30 s)")
        first_updates = page.evaluate("Number(document.body.dataset.updates)")
        rate = cell(page, "inputs", "input", "camera-1", 3)
        time.sleep(2.5)
        check(page.evaluate("Number(document.body.dataset.updates)") >= first_updates + 2,
              "updates keep coming, about one a second")
        check(rate is not None and rate != "-" and float(rate) > 0,
              f"camera-1 shows a packet rate: {rate} packets/s")
        check(float(cell(page, "inputs", "input", "camera-1", 4) or 0) > 0, "and a bit rate in Mb/s")
        check(page.evaluate("document.querySelectorAll('#inputs tr[data-input=\"remote-1\"]').length") == 2,
              "the ST 2022-7 input shows both legs")
        check(cell(page, "outputs", "output", "program", 1) == "Camera 1 (1080p25 bars)",
              "program shows its current input by label")
        check((cell(page, "outputs", "output", "program", 5) or "").endswith("TAI"),
              "and its last landing as a PTP time")
        check(page.evaluate("document.querySelectorAll('#ports tbody tr').length") == 4, "the four ports are listed")
        check("MASTER" in (page.evaluate("document.getElementById('ptp-status').textContent") or ""),
              "the PTP panel shows the state (free-running grandmaster)")
        check(page.wait_for("Number(document.getElementById('ptp-plot').dataset.samples || 0) >= 5"),
              "the PTP plot has samples")
        drawn = page.evaluate("""(() => {
            const c = document.getElementById('ptp-plot'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let lit = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i + 2] > 200 && d[i] < 120) lit++;  // the offset line's blue
            return lit; })()""")
        check(drawn > 50, f"the offset line is drawn ({drawn} blue pixels)")
        check(page.wait_for("document.querySelectorAll('#senders li a').length >= 6"),
              "the Node panel lists the senders with links to their JSON")
        check(page.evaluate("document.querySelectorAll('#receivers li a').length") >= 7, "and the receivers")
        check("registered with" in (page.evaluate("document.getElementById('node-status').textContent") or ""),
              "and the registration state")
        check(page.evaluate("document.getElementById('matrix-grid') !== null"), "the matrix has its place")
        # camera-1's picture as the page shows it: the image element's pixels read back through a canvas.
        picture = "document.querySelector('#previews figure[data-kind=\"input\"][data-id=\"camera-1\"] img')"
        shown = page.wait_for(f"(() => {{ const i = {picture}; return !!i && i.complete && i.naturalWidth === 160; }})()",
                              seconds=60)
        check(shown, "camera-1's thumbnail is on the page")
        if shown:
            rows = page.evaluate(f"""(() => {{
                const i = {picture}, c = document.createElement('canvas');
                c.width = i.naturalWidth; c.height = i.naturalHeight;
                const g = c.getContext('2d'); g.drawImage(i, 0, 0);
                const d = g.getImageData(0, 0, c.width, c.height).data, rows = [];
                for (let y = 0; y < c.height; y++) {{
                  const row = [];
                  for (let x = 0; x < c.width; x++) {{ const k = 4 * (y * c.width + x); row.push([d[k], d[k + 1], d[k + 2]]); }}
                  rows.push(row);
                }}
                return rows; }})()""")
            check(len(rows) == 90, f"the thumbnail is 160 x 90 ({len(rows)} rows)")
            if len(rows) == 90:
                check_bars(check, "camera-1 on the page", [[tuple(p) for p in row] for row in rows])
        check(page.wait_for("document.querySelectorAll('#previews .meter').length >= 2", seconds=30),
              "audio-1's meters show both channels")
        panel.screenshot("panel.png")
        panel.check_no_console_errors()
    return panel.result()


sys.exit(main())
