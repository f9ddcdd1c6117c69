/** Svelte action for a screen's h1: when it appears, the page starts at the top and focus
 *  moves to the heading, so a screen reader announces the new screen. Done at once (not on
 *  a later frame) so it never pulls focus away from a field someone already started typing in. */
export function focusHeading(node: HTMLElement): void {
  node.tabIndex = -1;
  const scroller = document.getElementById("scroller");
  if (scroller) scroller.scrollTop = 0;
  node.focus({ preventScroll: true });
}
