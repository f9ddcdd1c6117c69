// The on-screen keyboard's plain rules (OnScreenKeyboard.svelte draws it): which fields it
// serves, which layout a field gets, and how a key reaches the field as a real keyboard's
// would (the value changes and an `input` event follows, so Svelte's bind:value and the
// screens' own checks see it).

export type TextField = HTMLInputElement | HTMLTextAreaElement;
export type Layout = "pinyin" | "abc" | "digits";

/** Input types the keyboard types into (a date, a checkbox ... have their own controls). */
const TEXT_TYPES = new Set(["text", "search", "tel", "number", "email", "url", "password"]);

/** Whether `el` is a field the keyboard types into. */
export function isTextField(el: EventTarget | null): el is TextField {
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (el instanceof HTMLInputElement) {
    return TEXT_TYPES.has(el.type) && !el.readOnly && !el.disabled;
  }
  return false;
}

/** The layout a field asks for: digits for numbers (ID numbers, phones, codes), Latin letters
 *  for passwords, e-mail, web addresses and codes written in capitals, and for free text the
 *  person's script: pinyin in Chinese, Latin letters in English. */
export function layoutFor(el: TextField, language: string): Layout {
  const mode = el.getAttribute("inputmode");
  if (mode === "numeric" || mode === "decimal" || mode === "tel") return "digits";
  if (el instanceof HTMLInputElement) {
    if (el.type === "tel" || el.type === "number") return "digits";
    if (el.type === "password" || el.type === "email" || el.type === "url") return "abc";
  }
  if (mode === "email" || mode === "url" || el.getAttribute("autocapitalize") === "characters") return "abc";
  return language === "en" ? "abc" : "pinyin";
}

/** The extra key of the digits layout: X (the check digit of an ID number), a decimal point
 *  for amounts, none for a phone; `data-keyboard-extra` on the field says otherwise. */
export function digitsExtra(el: TextField): string | null {
  // A field may name its own (a date: "-").
  const own = el.dataset.keyboardExtra;
  if (own) return own;
  const mode = el.getAttribute("inputmode");
  if (mode === "decimal") return ".";
  if (mode === "tel" || (el instanceof HTMLInputElement && el.type === "tel")) return null;
  return "X";
}

/** Letters in capitals for fields that want them (ID numbers, codes). */
export function wantsCapitals(el: TextField): boolean {
  return el.getAttribute("autocapitalize") === "characters";
}

function caret(el: TextField): [number, number] | null {
  try {
    const s = el.selectionStart;
    const e = el.selectionEnd;
    if (s === null || e === null) return null;
    return [s, e];
  } catch {
    // type=number and type=email have no caret to read.
    return null;
  }
}

function announce(el: TextField, inputType: string, data: string | null): void {
  el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType, data }));
}

/** Types `text` at the caret (over any selection), within the field's maxlength. */
export function insertText(el: TextField, text: string): void {
  const range = caret(el) ?? [el.value.length, el.value.length];
  const [start, end] = range;
  const max = el.maxLength > 0 ? el.maxLength : Infinity;
  const room = max - (el.value.length - (end - start));
  const chars = [...text];
  const fitted = chars.length > room ? chars.slice(0, Math.max(0, room)).join("") : text;
  if (!fitted) return;
  if (caret(el)) {
    el.setRangeText(fitted, start, end, "end");
  } else {
    el.value = el.value + fitted;
  }
  announce(el, "insertText", fitted);
}

/** Deletes the selection, or the character before the caret. */
export function deleteBackward(el: TextField): void {
  const range = caret(el);
  if (!range) {
    if (!el.value) return;
    el.value = [...el.value].slice(0, -1).join("");
  } else {
    let [start, end] = range;
    if (start === end) {
      if (start === 0) return;
      // One whole character, also one outside the BMP.
      const before = el.value.slice(0, start);
      const last = [...before].pop() ?? "";
      start -= last.length;
    }
    el.setRangeText("", start, end, "end");
  }
  announce(el, "deleteContentBackward", null);
}

/** Splits candidates into pages that fit a bar `width` px wide, given the font size. */
export function pages<T extends { text: string }>(items: T[], width: number, fontPx: number, reserved: number): T[][] {
  const out: T[][] = [];
  const room = Math.max(width - reserved, fontPx * 4);
  let page: T[] = [];
  let used = 0;
  for (const item of items) {
    // Each button: its characters, padding and the gap.
    const w = [...item.text].length * fontPx + fontPx * 1.4 + 8;
    if (page.length > 0 && (used + w > room || page.length >= 9)) {
      out.push(page);
      page = [];
      used = 0;
    }
    page.push(item);
    used += w;
  }
  if (page.length) out.push(page);
  return out;
}
