"""Moving through a page by keyboard only, as the keyboard journeys do (issue 14):
each Tab press is checked for a visible focus indicator, for focus moving forward in
document order and for no trap: focus never goes back to an earlier element, never
leaves the page and reaches the wanted element within a bound, so no widget holds it."""

# What a focus indicator looks like on an element and the few ancestors that may draw
# it for it (a card draws the ring of its title link with :focus-within).
FOCUS_LOOK = """(element) => {
  const look = [];
  for (let node = element, depth = 0; node && node.nodeType === 1 && depth < 4;
       node = node.parentElement, depth++) {
    const style = getComputedStyle(node);
    look.push([style.outlineStyle, style.outlineWidth, style.outlineColor,
               style.boxShadow].join(" "));
  }
  return look.join(" | ");
}"""

FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const name = (element.getAttribute("aria-label") || element.textContent ||
                element.getAttribute("name") || element.id || "").trim();
  return `${element.tagName.toLowerCase()} "${name.slice(0, 60)}"`;
}"""


ACTIVE = "() => document.activeElement"


class Keyboard:
    """One person's keyboard on one tab; `tab_to(locator)` presses Tab (or Shift+Tab)
    until the locator has the focus."""

    def __init__(self, page):
        self.page = page

    def tab_to(self, locator, backwards=False, limit=250):
        page = self.page
        key, undo = ("Shift+Tab", "Tab") if backwards else ("Tab", "Shift+Tab")
        wanted = 2 if backwards else 4  # DOCUMENT_POSITION_PRECEDING / _FOLLOWING
        seen = []
        previous = page.evaluate_handle(ACTIVE)
        previous_look = None
        for _ in range(limit):
            page.keyboard.press(key)
            now = page.evaluate_handle(ACTIVE)
            description = page.evaluate(FOCUSED)
            assert description is not None, f"{key} left the page after {seen[-3:]}"
            if previous_look is not None:
                # The element focus just left looks different now: it had a ring.
                assert previous.evaluate(FOCUS_LOOK) != previous_look, (
                    f"no visible focus indicator on {seen[-1]}"
                )
            # Forward means later in the document (Shift+Tab: earlier); the page's
            # start (body) comes before everything.
            order = page.evaluate(
                "([a, b]) => a === document.body ? 4 : a.compareDocumentPosition(b)",
                [previous, now],
            )
            assert order & wanted, (
                f"{key} moved focus against the document order: from {seen[-1:]} "
                f"to {description}"
            )
            seen.append(description)
            previous, previous_look = now, now.evaluate(FOCUS_LOOK)
            if locator.evaluate("element => element === document.activeElement"):
                # Its own ring: step off and back once.
                page.keyboard.press(key)
                off = now.evaluate(FOCUS_LOOK)
                page.keyboard.press(undo)
                assert off != previous_look, (
                    f"no visible focus indicator on {description}"
                )
                assert locator.evaluate("element => element === document.activeElement")
                return
        raise AssertionError(f"{key} never reached {locator}; went through {seen}")
