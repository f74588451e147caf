"""Headless Chromium through Selenium, with desktop notifications recorded, and screenshots.

Each browser gets its own user-data directory, so two browsers are two independent people (their own
cookies and sessionStorage).
"""

import json
import re
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
MAX_WAIT = 20  # seconds: the longest any single wait in these tests may take

# Runs before any page script in every document of the tab: records each `new Notification(...)`
# in window.__ceNotifications and still shows it through the original constructor.
NOTIFICATION_RECORDER = r"""
(() => {
  window.__ceNotifications = [];
  const Original = window.Notification;
  if (typeof Original !== 'function' || Original.__ceWrapped) return;
  class RecordedNotification extends Original {
    constructor(title, options) {
      window.__ceNotifications.push({title: String(title),
                                     body: options && options.body != null ? String(options.body) : ''});
      super(title, options);
    }
  }
  RecordedNotification.__ceWrapped = true;
  window.Notification = RecordedNotification;
})();
"""


class Browsers:
    """Makes browsers for one test and quits them all at the end (saving their console logs)."""

    def __init__(self, output_dir: Path):
        self.output_dir = output_dir
        self.drivers: list[tuple[str, webdriver.Chrome]] = []
        self._profiles: list[tempfile.TemporaryDirectory] = []

    def new(self, name: str, notifications_for: str | None = None) -> webdriver.Chrome:
        """A fresh browser; `notifications_for`: an origin (http://127.0.0.1:PORT) allowed to notify."""
        profile = tempfile.TemporaryDirectory(prefix=f"e2e-{name}-")
        self._profiles.append(profile)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                         f"--user-data-dir={profile.name}", "--no-first-run", "--no-default-browser-check",
                         "--disable-gpu", "--lang=en-US"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        driver.set_page_load_timeout(MAX_WAIT)
        driver.set_script_timeout(MAX_WAIT)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NOTIFICATION_RECORDER})
        if notifications_for:
            driver.execute_cdp_cmd("Browser.grantPermissions",
                                   {"permissions": ["notifications"], "origin": notifications_for})
        driver.ce_name = name
        self.drivers.append((name, driver))
        return driver

    def quit_all(self) -> None:
        for name, driver in self.drivers:
            try:
                logs = driver.get_log("browser")
                (self.output_dir / f"console-{name}.log").write_text(
                    "\n".join(f"{entry.get('level')} {entry.get('message')}" for entry in logs), encoding="utf-8")
            except Exception:  # noqa: BLE001 (best effort: the browser may be gone)
                pass
            try:
                driver.quit()
            except Exception:  # noqa: BLE001
                pass
        self.drivers.clear()
        for profile in self._profiles:
            profile.cleanup()
        self._profiles.clear()


class Shots:
    """Numbered PNG screenshots of one journey: <output>/<journey>/01-agent-logged-in.png, ..."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.count = 0

    def __call__(self, driver, name: str) -> Path:
        self.count += 1
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
        path = self.directory / f"{self.count:02d}-{safe}.png"
        driver.save_screenshot(str(path))
        return path


def wait(driver, timeout: float = MAX_WAIT) -> WebDriverWait:
    return WebDriverWait(driver, min(timeout, MAX_WAIT), poll_frequency=0.1)


def notifications(driver) -> list[dict]:
    """What the page has shown as desktop notifications so far (in the top document)."""
    return driver.execute_script("return window.__ceNotifications || []") or []


def page_config(driver) -> dict:
    """The page's `<script id="ce-config">` JSON (protocol: every page embeds it)."""
    text = driver.execute_script("const s = document.getElementById('ce-config'); return s ? s.textContent : null")
    return json.loads(text) if text else {}
