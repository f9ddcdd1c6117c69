// Where the person is and what they have told us so far. Nothing here is saved: the answers
// live in memory until submit, and `forget` wipes them (back to home, after the receipt).
import type { CatalogItem, Category, LifeEvent, Receipt } from "./types";
import { askedQuestions } from "./interview";

export type Screen =
  | { name: "home" }
  | { name: "services" }
  | { name: "item"; code: string }
  | { name: "interview"; questionId: string; returnToCheck: boolean }
  | { name: "check" }
  | { name: "confirmation" }
  | { name: "track" };

export const nav = $state<{ screen: Screen }>({ screen: { name: "home" } });

export function go(screen: Screen): void {
  nav.screen = screen;
}

/** The services screen keeps its search (and the life event picked) when the person comes
 *  back to it from an item. */
export const search = $state<{ query: string; category: Category | null; lifeEvent: LifeEvent | null }>({
  query: "",
  category: null,
  lifeEvent: null,
});

/** Counts the people served: `forget` moves it on, so a command that answers after the
 *  session was wiped (an idle timeout during a submit) can see it is too late to show. */
let generation = 0;
export const sessionGeneration = (): number => generation;

export const session = $state<{
  item: CatalogItem | null;
  /** As typed, or as normalised by check_answer once it passed. */
  answers: Record<string, string>;
  /** An error to show on arrival at a question (from the final submit). */
  pendingError: { questionId: string; message: string } | null;
  receipt: Receipt | null;
}>({ item: null, answers: {}, pendingError: null, receipt: null });

export function startApplication(item: CatalogItem): void {
  session.item = item;
  session.answers = {};
  session.pendingError = null;
  session.receipt = null;
  const first = askedQuestions(item, {})[0];
  go(first ? { name: "interview", questionId: first.id, returnToCheck: false } : { name: "check" });
}

/** Forgets the citizen: answers, item and receipt. */
export function forget(): void {
  session.item = null;
  session.answers = {};
  session.pendingError = null;
  session.receipt = null;
  search.query = "";
  search.category = null;
  search.lifeEvent = null;
  generation += 1;
}

export function goHome(): void {
  forget();
  go({ name: "home" });
}
