"""A minimal headless-Chromium driver over the DevTools protocol (``--remote-debugging-pipe``).

Chromium reads commands on file descriptor 3 and writes answers and events on descriptor 4,
each message a JSON object ended by a NUL byte. Only the standard library is used: one browser
process for many pages, one target (tab) per page, attached in "flat" mode so every command of
a page carries its ``sessionId``. Used by ``tests/test_browser.py`` and ``tools/screenshots.py``.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
TIMEOUT = 30.0
SHOT_TIMEOUT = 180.0  # a 40,000 px tall page takes a while to paint
FLAGS = ("--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
         "--no-first-run", "--no-default-browser-check", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio", "--font-render-hinting=none")


def find_chromium() -> str | None:
    """The browser to drive: ``$CHROMIUM`` if set, else the first of CANDIDATES on the PATH."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    """The browser answered a command with an error, closed, or did not answer in time."""


@dataclass
class PageEvents:
    """What a page did while it was open: errors and requests, in the order they came."""
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    loaded: threading.Event = field(default_factory=threading.Event)


def _move_fds(read_fd: int, write_fd: int):
    """In the child, before exec: the command pipe on fd 3, the answer pipe on fd 4."""
    def move() -> None:
        high_r = fcntl.fcntl(read_fd, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(write_fd, fcntl.F_DUPFD, 10)
        os.dup2(high_r, 3)
        os.dup2(high_w, 4)
    return move


class Browser:
    """One headless Chromium; ``open_page`` gives a new tab. Use as a context manager."""

    def __init__(self, executable: str | None = None):
        self.executable = executable or find_chromium()
        if not self.executable:
            raise BrowserError("chromium introuvable : ni $CHROMIUM ni " + ", ".join(CANDIDATES))
        self._profile = tempfile.mkdtemp(prefix="chromium-profile-")
        cmd_r, self._cmd_w = os.pipe()
        self._ans_r, ans_w = os.pipe()
        self.process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4, cmd_r, ans_w), preexec_fn=_move_fds(cmd_r, ans_w))
        os.close(cmd_r)
        os.close(ans_w)
        self._next_id = 0
        self._lock = threading.Lock()
        self._waiting: dict[int, queue.Queue] = {}
        self._sessions: dict[str, PageEvents] = {}
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        self.send("Target.setDiscoverTargets", {"discover": False})

    # -- transport ---------------------------------------------------------------------
    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = TIMEOUT) -> dict:
        """Send one command and wait for its answer (the ``result`` object)."""
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            box: queue.Queue = queue.Queue(maxsize=1)
            self._waiting[ident] = box
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._cmd_w, json.dumps(message).encode() + b"\0")
            answer = box.get(timeout=timeout)
        except (OSError, queue.Empty) as exc:
            raise BrowserError(f"{method} : pas de réponse du navigateur ({exc!r})") from exc
        finally:
            self._waiting.pop(ident, None)
        if "error" in answer:
            raise BrowserError(f"{method} : {answer['error'].get('message', answer['error'])}")
        return answer.get("result", {})

    def _read_loop(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._ans_r, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                for box in list(self._waiting.values()):
                    box.put({"error": {"message": "le navigateur s'est fermé"}})
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                self._dispatch(json.loads(raw))

    def _dispatch(self, message: dict) -> None:
        if "id" in message:
            box = self._waiting.get(message["id"])
            if box is not None:
                box.put(message)
            return
        events = self._sessions.get(message.get("sessionId", ""))
        if events is not None:
            record_event(events, message["method"], message.get("params", {}))

    # -- pages -------------------------------------------------------------------------
    def open_page(self, width: int, height: int = 900) -> Page:
        """A new blank tab at ``width`` CSS pixels, with its errors and requests recorded."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        events = PageEvents()
        self._sessions[session] = events
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=session)
        page = Page(self, target, session, events)
        page.set_width(width, height)
        return page

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except BrowserError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._cmd_w)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def record_event(events: PageEvents, method: str, params: dict) -> None:
    """Keep what the checks need from one DevTools event of a page."""
    if method == "Page.loadEventFired":
        events.loaded.set()
    elif method == "Runtime.exceptionThrown":
        details = params.get("exceptionDetails", {})
        text = details.get("exception", {}).get("description") or details.get("text", "")
        events.errors.append(f"exception : {text}")
    elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        args = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
        events.errors.append(f"console.{params['type']} : {args}")
    elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
        entry = params["entry"]
        events.errors.append(f"journal ({entry.get('source')}) : {entry.get('text')} "
                             f"{entry.get('url', '')}".rstrip())
    elif method == "Network.requestWillBeSent":
        events.requests.append(params.get("request", {}).get("url", ""))
    elif method == "Network.loadingFailed" and not params.get("canceled"):
        events.errors.append(f"chargement échoué : {params.get('errorText')}")


@dataclass
class Page:
    browser: Browser
    target: str
    session: str
    events: PageEvents

    def send(self, method: str, params: dict | None = None, timeout: float = TIMEOUT) -> dict:
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def set_width(self, width: int, height: int = 900) -> None:
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1,
                   "mobile": width < 600})

    def goto(self, url: str) -> None:
        """Navigate and wait for the load event."""
        self.events.loaded.clear()
        answer = self.send("Page.navigate", {"url": url})
        if answer.get("errorText"):
            raise BrowserError(f"{url} : {answer['errorText']}")
        if not self.events.loaded.wait(TIMEOUT):
            raise BrowserError(f"{url} : pas d'événement load en {TIMEOUT:.0f} s")

    def evaluate(self, expression: str):
        """The value of a JavaScript expression (returned by value; a promise is awaited)."""
        answer = self.send("Runtime.evaluate", {"expression": expression,
                                                "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in answer:
            raise BrowserError(f"évaluation : {answer['exceptionDetails'].get('text')}")
        return answer["result"].get("value")

    def screenshot(self, path: Path) -> None:
        """A PNG of the whole page (beyond the viewport) at the current width."""
        data = self.send("Page.captureScreenshot",
                         {"format": "png", "captureBeyondViewport": True},
                         timeout=SHOT_TIMEOUT)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        self.browser._sessions.pop(self.session, None)
        self.browser.send("Target.closeTarget", {"targetId": self.target})
