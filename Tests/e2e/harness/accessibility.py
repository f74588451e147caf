"""The automated accessibility check: axe-core (as bundled by the pinned axe-selenium-python, so no network)
run in a page or one of its frames; every violation is written to the journey folder, serious and critical
ones fail the test.

The chat widget's loader puts its launcher and panel in a closed shadow root (so a host page can neither style
nor script them). Closed roots hide them from WebDriver and axe too, so `open_shadow_roots` makes this browser
create every shadow root open: the same elements, now visible to the check.
"""

import json
from pathlib import Path

from axe_selenium_python import Axe

BLOCKING = ("serious", "critical")

OPEN_SHADOW_ROOTS = r"""
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { return attach.call(this, Object.assign({}, init, {mode: 'open'})); };
})();
"""


def open_shadow_roots(driver) -> None:
    """Every document this browser loads from now on makes its shadow roots open (see the module's note)."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OPEN_SHADOW_ROOTS})


def audit(driver, name: str, out_dir: Path, context=None) -> list[dict]:
    """axe on the current document (frames are audited on their own, by switching to them first); writes
    `a11y-<name>.json` (every violation) and returns the serious and critical ones."""
    axe = Axe(driver)
    axe.inject()
    options = json.dumps({"iframes": False, "resultTypes": ["violations"]})
    results = axe.run(context=context, options=options)
    violations = results.get("violations", [])
    (out_dir / f"a11y-{name}.json").write_text(json.dumps(
        {"url": results.get("url"), "axe": driver.execute_script("return axe.version"), "violations": violations},
        indent=2, ensure_ascii=False), encoding="utf-8")
    return [v for v in violations if v.get("impact") in BLOCKING]


def describe(violations: list[dict]) -> str:
    """One line per violation and node: rule, impact, what, where."""
    lines = []
    for violation in violations:
        for node in violation.get("nodes", []):
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {node.get('target')}: "
                         f"{node.get('failureSummary', '').strip()[:300]}")
    return "\n".join(lines)


def assert_accessible(driver, name: str, out_dir: Path, context=None) -> None:
    blocking = audit(driver, name, out_dir, context)
    assert not blocking, f"{name}: serious or critical accessibility violations:\n{describe(blocking)}"
