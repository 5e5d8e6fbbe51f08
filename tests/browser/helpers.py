"""Helpers the browser tests share: logging in through the form, axe-core, empty form submits."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, Response

from portal.demo_data import DEMO_PASSWORD

ADMIN = "admin@demo.example"
SECRETARIAT = "sekretariat@demo.example"
CHAIR = "vorsitz@demo.example"
MEMBER = "mitglied@demo.example"
DEPUTY = "vertretung@demo.example"
AG_LEAD = "ag-leitung@demo.example"
CASE_MANAGER = "cm@demo.example"
GUEST = "gast@demo.example"
#: The one person the English-language tests switch to English (and back); nobody else uses it.
ENGLISH_READER = "ki-referentin@demo.example"

#: The WCAG 2.1 levels A and AA, as axe-core tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_AXE_RUN = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}
"""

# Fields a person can type into; selects, checkboxes and hidden fields keep their values.
_TEXT_FIELDS = (
    "input[type=text], input[type=email], input[type=password], input[type=number], "
    "input[type=date], input[type=search], input:not([type]), textarea"
)


def path_of(page: Page) -> str:
    """Return the path of the page's current URL."""
    return urlsplit(page.url).path


def goto(page: Page, path: str, *, status: int = 200) -> Response:
    """Open a path of the portal on the page and check the HTTP status of the answer."""
    response = page.goto(path)
    assert response is not None, f"GET {path} loaded nothing"
    assert response.status == status, f"GET {path}: status {response.status}, expected {status}"
    return response


def log_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real login form and check that the dashboard opened."""
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Anmelden").click()
    assert path_of(page) == "/", f"login as {email} ended on {page.url}"


def run_axe(page: Page, axe_source: str) -> list[dict]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page and return the violations.

    The source is evaluated through the DevTools protocol, which the page's CSP does not govern,
    so the page keeps its strict policy while axe runs.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    return page.evaluate(_AXE_RUN, WCAG_TAGS)


def describe_violations(violations: list[dict], where: str) -> str:
    """Return a readable summary of axe violations: rule, help text, offending elements."""
    lines = [f"{len(violations)} axe violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}")
            for detail in (node["summary"] or "").splitlines():
                lines.append(f"       {detail}")
    return "\n".join(lines)


def submit_empty(page: Page, form_selector: str) -> Response:
    """Clear every text field of a form, submit it and return the response to the POST."""
    form = page.locator(form_selector)
    fields = form.locator(_TEXT_FIELDS)
    for index in range(fields.count()):
        fields.nth(index).fill("")
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").click()
    response = navigation.value
    assert response is not None, f"submitting {form_selector} did not load a page"
    return response
