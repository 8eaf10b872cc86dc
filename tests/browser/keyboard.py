"""Moving through a page by keyboard only, as the keyboard journeys do (issue 14):
each Tab press is checked for a visible focus indicator, for focus moving forward in
document order and for no trap: focus never goes back to an earlier element, never
leaves the page and reaches the wanted element within a bound, so no widget holds it."""

# One Tab press, seen from the page: what has the focus now, whether it comes after
# (or, going backwards, before) the element that had it, whether that element looks
# different now that it lost the focus (its ring is gone), and whether it is the
# wanted element. A focus ring may be drawn by the element or a close ancestor (a
# card draws its title link's ring with :focus-within).
STEP = """([backwards, target, start]) => {
  const look = (element) => {
    const parts = [];
    for (let node = element, depth = 0; node && node.nodeType === 1 && depth < 4;
         node = node.parentElement, depth++) {
      const style = getComputedStyle(node);
      parts.push([style.outlineStyle, style.outlineWidth, style.outlineColor,
                  style.boxShadow].join(" "));
    }
    return parts.join(" | ");
  };
  const describe = (element) => {
    const name = (element.getAttribute("aria-label") || element.textContent ||
                  element.getAttribute("name") || element.id || "").trim();
    const text = name.replace(/\\s+/g, " ").slice(0, 60);
    return `${element.tagName.toLowerCase()} "${text}"`;
  };
  if (start || !window.__delaKeys) window.__delaKeys = { previous: null, look: null };
  const state = window.__delaKeys;
  const now = document.activeElement;
  if (start) {
    state.previous = now; state.look = now ? look(now) : null;
    return null;
  }
  const result = { focused: null, ring: true, forward: true, arrived: false };
  if (!now || now === document.body) return result;
  result.focused = describe(now);
  const previous = state.previous;
  if (previous && previous !== document.body && previous.isConnected) {
    result.ring = look(previous) !== state.look;
    result.left = describe(previous);
    const order = previous.compareDocumentPosition(now);
    result.forward = Boolean(order & (backwards ? 2 : 4));
  }
  result.arrived = now === target;
  state.previous = now; state.look = look(now);
  return result;
}"""


class Keyboard:
    """One person's keyboard on one tab; `tab_to(locator)` presses Tab (or Shift+Tab)
    until the locator has the focus."""

    def __init__(self, page):
        self.page = page

    def tab_to(self, locator, backwards=False, limit=250):
        page = self.page
        key, undo = ("Shift+Tab", "Tab") if backwards else ("Tab", "Shift+Tab")
        target = locator.element_handle()
        page.evaluate(STEP, [backwards, target, True])
        seen = []
        for _ in range(limit):
            page.keyboard.press(key)
            step = page.evaluate(STEP, [backwards, target, False])
            assert step["focused"], f"{key} left the page after {seen[-3:]}"
            assert step["ring"], f"no visible focus indicator on {step['left']}"
            assert step["forward"], (
                f"{key} moved focus against the document order: from "
                f"{step['left']} to {step['focused']}"
            )
            seen.append(step["focused"])
            if step["arrived"]:
                # Its own ring: step off and back once.
                page.keyboard.press(key)
                step = page.evaluate(STEP, [backwards, target, False])
                assert step["ring"], f"no visible focus indicator on {step['left']}"
                page.keyboard.press(undo)
                assert target.evaluate("element => element === document.activeElement")
                return
        raise AssertionError(f"{key} never reached {locator}; went through {seen}")
