// Which questions an item asks, given the answers so far. The rule itself (show_if) is data
// from the catalog; this only reads it, the same way Rust does at submit.
import type { CatalogItem, Question } from "./types";
import { loc, t } from "./i18n.svelte";

export function isAsked(q: Question, answers: Record<string, string>): boolean {
  return !q.show_if || answers[q.show_if.question] === q.show_if.equals;
}

/** The questions asked for these answers, in order. A question's condition only looks at
 *  answers to questions that are themselves asked (a changed branch leaves no stale data). */
export function askedQuestions(item: CatalogItem, answers: Record<string, string>): Question[] {
  const live: Record<string, string> = {};
  const asked: Question[] = [];
  for (const q of item.questions) {
    if (!isAsked(q, live)) continue;
    asked.push(q);
    if (q.id in answers) live[q.id] = answers[q.id];
  }
  return asked;
}

/** Only the answers to asked questions: what goes into the draft. */
export function liveAnswers(item: CatalogItem, answers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const q of askedQuestions(item, answers)) {
    if (q.id in answers) out[q.id] = answers[q.id];
  }
  return out;
}

/** Fluent id of the label of a built-in question kind, or null when the item gives one. */
export function builtInLabelId(q: Question): string | null {
  switch (q.kind) {
    case "name":
      return "question-name";
    case "id_number":
      return "question-id-number";
    case "phone":
      return "question-phone";
    case "address":
      return "question-address";
    default:
      return null;
  }
}

/** A question's label as the screens show it: the item's own, else its kind's. */
export function questionLabel(q: Question): string {
  return q.label ? loc(q.label) : t(builtInLabelId(q) ?? "question-generic");
}

/** An answer as the screens show it: a choice by its option's label, "not answered" when empty. */
export function answerText(q: Question, v: string | undefined): string {
  if (!v) return t("answer-empty");
  if (q.kind === "choice") {
    const o = q.options?.find((x) => x.value === v);
    return o ? loc(o.label) : v;
  }
  return v;
}
