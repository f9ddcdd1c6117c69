/** Svelte action for a screen's h1: when it appears, the page starts at the top and focus
 *  moves to the heading, so a screen reader announces the new screen. */
export function focusHeading(node: HTMLElement): void {
  node.tabIndex = -1;
  requestAnimationFrame(() => {
    const scroller = document.getElementById("scroller");
    if (scroller) scroller.scrollTop = 0;
    node.focus({ preventScroll: true });
  });
}
