/** Brings a message that answers a tap (an error, a notice) into view and moves focus to it,
 *  so it is read out and seen where the person is looking, not above or below the screen. The
 *  on-screen keyboard closes when focus leaves a field, which gives the message room. */
export function reveal(el: HTMLElement | null): void {
  if (!el) return;
  if (el.tabIndex < 0) el.tabIndex = -1;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: "center" });
}

/** Svelte action for a screen's h1: when it appears, the page starts at the top and focus
 *  moves to the heading, so a screen reader announces the new screen. Done at once (not on
 *  a later frame) so it never pulls focus away from a field someone already started typing in. */
export function focusHeading(node: HTMLElement): void {
  node.tabIndex = -1;
  const scroller = document.getElementById("scroller");
  if (scroller) scroller.scrollTop = 0;
  node.focus({ preventScroll: true });
}
