"""Fixtures of the browser journeys: a server per test, browsers, proxies, the iframe host, screenshots.

Output (E2E_OUTPUT, default .build/e2e-output) has one folder per test: numbered screenshots, the
server's log, each browser's console log, and failure-<browser>.png of every open browser when a test
fails.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from harness.browser import Browsers, Shots
from harness.iframehost import IframeHost
from harness.proxy import TcpProxy
from harness.server import REPO_ROOT, Server
from harness.ticketflows import pre_ticket_system, ticket_system  # noqa: F401 (the ticket flows' servers)

OUTPUT = Path(os.environ.get("E2E_OUTPUT", REPO_ROOT / ".build/e2e-output"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so fixtures know at teardown whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def _failed(request) -> bool:
    report = getattr(request.node, "report_call", None)
    return report is None or report.failed


@pytest.fixture
def journey_dir(request) -> Path:
    """This test's output folder (emptied first)."""
    directory = OUTPUT / request.node.name
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    return directory


def pytest_configure(config):
    config.addinivalue_line("markers", "server_config(settings): extra Kernel/Config.pm settings of the test's server")


@pytest.fixture
def server(journey_dir, request):
    """A started server with a fresh home (removed afterwards); its log goes to the journey folder.

    `@pytest.mark.server_config({"ChatEngine::…": value})` adds settings to its Config.pm.
    """
    workdir = Path(tempfile.mkdtemp(prefix="ce-e2e-"))
    marker = request.node.get_closest_marker("server_config")
    instance = Server(workdir, log_dir=journey_dir, extra_config=marker.args[0] if marker else None)
    instance.start()
    yield instance
    instance.stop()
    if _failed(request):
        print(f"\n--- server log ({instance.log_path}), last lines:\n{instance.log_tail(40)}")
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def browsers(journey_dir, request):
    """`browsers.new(name, notifications_for=origin)` makes an independent headless Chromium."""
    made = Browsers(journey_dir)
    yield made
    if _failed(request):
        for name, driver in made.drivers:
            try:
                driver.switch_to.default_content()
                driver.save_screenshot(str(journey_dir / f"failure-{name}.png"))
            except Exception:  # noqa: BLE001 (best effort)
                pass
    made.quit_all()


@pytest.fixture
def shot(journey_dir):
    """`shot(driver, name)` saves <journey folder>/NN-name.png."""
    return Shots(journey_dir)


@pytest.fixture
def proxy_factory():
    """`proxy_factory(target_port, reject_websocket=False)`: a started TcpProxy, closed at teardown."""
    made = []

    def make(target_port: int, reject_websocket: bool = False) -> TcpProxy:
        proxy = TcpProxy(target_port, reject_websocket=reject_websocket)
        proxy.start()
        made.append(proxy)
        return proxy

    yield make
    for proxy in made:
        proxy.close()


@pytest.fixture
def iframe_host(server):
    """A web site on http://localhost:<port>/ embedding the public chat of `server` in an iframe."""
    host = IframeHost(server.base_url)
    yield host
    host.close()
