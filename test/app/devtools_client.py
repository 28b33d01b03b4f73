"""Headless Chromium driven over its DevTools protocol with the standard library only (the WebSocket client is
the registry tests' RFC 6455 one): a browser process with its own profile, and a page to navigate and evaluate in.

  with HeadlessChromium("/usr/bin/chromium") as browser:
      page = browser.page()
      page.navigate("http://127.0.0.1:8080/")
      page.evaluate("document.title")
"""
import base64
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "nmos" / "registry"))
from registry_client import WebSocketClient  # noqa: E402


class Page:
    """One page target: commands answered by id, events kept for the test to read."""

    def __init__(self, ws_url):
        self.ws = WebSocketClient(ws_url, timeout=10)
        self.next_id = 1
        self.events = []

    def command(self, method, **params):
        self.next_id += 1
        sent_id = self.next_id
        self.ws.send_text(json.dumps({"id": sent_id, "method": method, "params": params}))
        while True:
            text = self.ws.receive(timeout=30)
            if text is None:
                raise ConnectionError(f"{method}: no answer from the browser")
            message = json.loads(text)
            if message.get("id") == sent_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def evaluate(self, expression):
        result = self.command("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def navigate(self, url):
        self.command("Page.navigate", url=url)

    def wait_for(self, expression, seconds=20):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.evaluate(expression):
                return True
            time.sleep(0.25)
        return False

    # Input.dispatch* modifier bits.
    ALT, CTRL, META, SHIFT = 1, 2, 4, 8

    def click(self, selector, modifiers=0):
        """A real left click, as a person's mouse gives it, at the middle of the element `selector` names
        (scrolled into view): pressed and released through Input.dispatchMouseEvent, not a call into the page."""
        box = self.evaluate(f"""(() => {{
            const e = document.querySelector({json.dumps(selector)});
            if (!e) return null;
            e.scrollIntoView({{block: "center", inline: "center"}});
            const r = e.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
        if box is None:
            raise LookupError(f"no element {selector}")
        x, y = box
        self.command("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y, modifiers=modifiers)
        for kind in ("mousePressed", "mouseReleased"):
            self.command("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1,
                         modifiers=modifiers)

    # DOM key names with their Windows virtual key codes, for Input.dispatchKeyEvent.
    KEYS = {"Enter": 13, " ": 32, "ArrowLeft": 37, "ArrowUp": 38, "ArrowRight": 39, "ArrowDown": 40, "Tab": 9}

    def press(self, key):
        """A key pressed and released on the focused element, as the keyboard gives it."""
        code = self.KEYS[key]
        text = {"Enter": "\r", " ": " "}.get(key)
        self.command("Input.dispatchKeyEvent", type="keyDown" if text else "rawKeyDown", key=key,
                     windowsVirtualKeyCode=code, **({"text": text} if text else {}))
        self.command("Input.dispatchKeyEvent", type="keyUp", key=key, windowsVirtualKeyCode=code)

    def type_text(self, text):
        """Text typed into the focused field."""
        self.command("Input.insertText", text=text)

    def screenshot(self, path):
        data = self.command("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(path, "wb") as out:
            out.write(base64.b64decode(data))

    def errors(self):
        """Console errors, uncaught exceptions and browser log errors seen so far."""
        found = []
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(params["exceptionDetails"].get("text", "") + " " +
                             str(params["exceptionDetails"].get("exception", {}).get("description", "")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                found.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                found.append(params["entry"].get("text", "") + " " + params["entry"].get("url", ""))
        return found


class HeadlessChromium:
    def __init__(self, executable, width=1400, height=1800):
        self.executable = executable
        self.size = f"{width},{height}"

    def __enter__(self):
        self.profile = tempfile.mkdtemp(prefix="crosspoint-chromium-")
        self.process = subprocess.Popen(
            [self.executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--remote-debugging-port=0", f"--user-data-dir={self.profile}",
             f"--window-size={self.size}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.process.stderr.readline()
            match = re.search(r"DevTools listening on ws://([^/]+)/", line)
            if match:
                self.http = "http://" + match.group(1)
                # Keep reading its log, so a full pipe never stalls the browser.
                threading.Thread(target=lambda: [None for _ in self.process.stderr], daemon=True).start()
                return self
            if not line and self.process.poll() is not None:
                break
        self.__exit__()
        raise RuntimeError("chromium did not start its DevTools endpoint")

    def page(self):
        with urllib.request.urlopen(self.http + "/json/list", timeout=5) as response:
            targets = [t for t in json.load(response) if t["type"] == "page"]
        page = Page(targets[0]["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Log"):
            page.command(domain + ".enable")
        return page

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
        return False
