// Where the person is and what they have told us so far. Nothing here is saved: the answers
// live in memory until submit, and `forget` wipes them (back to home, after the receipt).
import type { Attachment, CatalogItem, Category, LifeEvent, Receipt } from "./types";
import { askedQuestions } from "./interview";
import * as api from "./api";

export type Screen =
  | { name: "home" }
  | { name: "services" }
  | { name: "item"; code: string }
  | { name: "interview"; questionId: string; returnToCheck: boolean }
  | { name: "materials" }
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
  /** Documents scanned for this application (sealed on the device until submit). */
  attachments: Attachment[];
}>({ item: null, answers: {}, pendingError: null, receipt: null, attachments: [] });

/** Where the interview goes after its last question: the materials step when the item
 *  lists any, else the check page. */
export function afterQuestions(item: CatalogItem): Screen {
  return item.materials.length > 0 ? { name: "materials" } : { name: "check" };
}

export function startApplication(item: CatalogItem): void {
  session.item = item;
  session.answers = {};
  session.pendingError = null;
  session.receipt = null;
  session.attachments = [];
  const first = askedQuestions(item, {})[0];
  go(first ? { name: "interview", questionId: first.id, returnToCheck: false } : afterQuestions(item));
}

/** Forgets the citizen: answers, item, receipt, and any scanned page not yet submitted
 *  (the Rust side deletes those from the device). */
export function forget(): void {
  if (session.attachments.length > 0 || session.item) {
    api.endSession().catch((e) => console.error("could not discard the session's files", e));
  }
  session.attachments = [];
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
