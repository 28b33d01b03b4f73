"""The control panel of the running default, loaded in a real headless Chromium (Debian's chromium, over the
DevTools protocol), as the panel's browser tests share it: the daemon, the browser and its page, checks that
print as they go and are counted, and screenshots saved under BUILD_DIR/test-artefacts/panel/. Exits 77 when
chromium is missing.

  with PanelInBrowser(CROSSPOINT) as panel:
      panel.check(panel.page.evaluate("document.title") == "crosspoint", "the page loads")
  sys.exit(panel.result())
"""
import os
import pathlib
import shutil
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import checks  # noqa: E402
from devtools_client import HeadlessChromium  # noqa: E402
from running_daemon import RunningDaemon  # noqa: E402

ARTEFACTS = pathlib.Path(os.environ.get("CROSSPOINT_BUILD_DIR", ".")) / "test-artefacts" / "panel"


class PanelInBrowser:
    def __init__(self, crosspoint, **daemon_options):
        self.chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if self.chromium is None:
            print("SKIP: chromium not found (Debian package chromium)")
            sys.exit(77)
        self.daemon = RunningDaemon(crosspoint, **daemon_options)

    def __enter__(self):
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        self.daemon.__enter__()
        try:
            self.browser = HeadlessChromium(self.chromium).__enter__()
        except BaseException:
            self.daemon.__exit__(None, None, None)
            raise
        self.page = self.browser.page()
        self.page.navigate(self.daemon.base_url + "/")
        return self

    def __exit__(self, *exc):
        self.browser.__exit__(*exc)
        self.daemon.__exit__(*exc)
        return False

    check = staticmethod(checks.check)

    def screenshot(self, name):
        path = ARTEFACTS / name
        self.page.screenshot(path)
        self.check(path.stat().st_size > 10000, f"screenshot saved: {path}")
        return path

    def check_no_console_errors(self, expected=()):
        """No console error, uncaught exception or browser log error but those containing one of `expected`."""
        errors = [e for e in self.page.errors() if not any(known in e for known in expected)]
        self.check(not errors, "no console errors" + (": " + "; ".join(errors) if errors else ""))

    result = staticmethod(checks.verdict)
