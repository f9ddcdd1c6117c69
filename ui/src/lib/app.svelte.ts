// Where the person is and what they have told us so far. Nothing here is saved: the answers
// live in memory until submit, and `forget` wipes them (back to home, after the receipt).
import type {
  Attachment,
  CatalogItem,
  Category,
  DraftPosition,
  LifeEvent,
  Receipt,
  ResumedDraft,
  SavedDraftView,
} from "./types";
import { askedQuestions } from "./interview";
import * as api from "./api";
import { forgetNotary } from "./notary.svelte";
import { legal } from "./legal.svelte";

export type Screen =
  | { name: "home" }
  | { name: "services" }
  | { name: "item"; code: string }
  | { name: "interview"; questionId: string; returnToCheck: boolean }
  | { name: "materials" }
  | { name: "check" }
  | { name: "confirmation" }
  | { name: "track" }
  | { name: "saved" }
  | { name: "resume" }
  | { name: "notary" }
  | { name: "notary-office" }
  | { name: "notary-slots" }
  | { name: "notary-applicant" }
  | { name: "notary-done" }
  | { name: "notary-find" }
  | { name: "staff-login" }
  | { name: "clerk" }
  | { name: "notary-desk" }
  | { name: "legal" }
  | { name: "legal-check" }
  | { name: "legal-consult" }
  | { name: "legal-apply" }
  | { name: "legal-desk" };

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
  /** The application was saved for later: the code and the slip's fate. */
  saved: SavedDraftView | null;
  /** The slip this application was resumed from: its code stays good until the application
   *  is submitted or saved again (Rust uses it up then). */
  resumedFrom: string | null;
}>({ item: null, answers: {}, pendingError: null, receipt: null, attachments: [], saved: null, resumedFrom: null });

/** Saves the application being filled in for later (答题到一半，下次再办): Rust seals it under
 *  a new code (the slip it was resumed from, if any, is used up) and prints the slip; the
 *  answers leave the screen state. */
export async function saveForLater(position: DraftPosition): Promise<void> {
  const item = session.item;
  if (!item) return;
  const served = generation;
  const saved = await api.saveDraft(session.resumedFrom, {
    item_code: item.code,
    answers: $state.snapshot(session.answers),
    position,
  });
  if (served !== generation) return;
  // Scanned pages are not part of a draft: they leave the device with the session.
  forget();
  session.saved = saved;
  go({ name: "saved" });
}

/** Carries on with a resumed application where the person left it. */
export function continueDraft(draft: ResumedDraft): void {
  forget();
  session.item = draft.item;
  session.answers = { ...draft.answers } as Record<string, string>;
  session.resumedFrom = draft.resumed_from;
  const p = draft.position;
  if (p.step === "question") {
    go({ name: "interview", questionId: p.question_id, returnToCheck: false });
  } else if (p.step === "materials" && draft.item.materials.length > 0) {
    go({ name: "materials" });
  } else {
    go({ name: "check" });
  }
}

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
  session.resumedFrom = null;
  const first = askedQuestions(item, {})[0];
  go(first ? { name: "interview", questionId: first.id, returnToCheck: false } : afterQuestions(item));
}

/** Forgets the citizen: answers, item, receipt, any scanned page not yet submitted, and
 *  whatever they may still print (the Rust side deletes those from the device). Always, for
 *  every flow: a legal aid form or a notarization checklist leaves nothing in `session`. */
export function forget(): void {
  api.endSession().catch((e) => console.error("could not end the session on the device", e));
  session.attachments = [];
  session.saved = null;
  session.resumedFrom = null;
  forgetNotary();
  legal.answers = null;
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
  leaving.open = false;
  go({ name: "home" });
}

/** Screens where a person is filling something in: 首页 there asks first (LeaveGuard). */
const FILLING_IN: ReadonlySet<Screen["name"]> = new Set([
  "interview",
  "materials",
  "check",
  "legal-apply",
  "legal-consult",
  "notary-applicant",
]);

/** The "leave without saving?" question is up. */
export const leaving = $state<{ open: boolean }>({ open: false });

/** 首页 from the header: straight home, unless the person is in the middle of filling
 *  something in, where they are asked first (and offered 暂存 for an application). */
export function askHome(): void {
  if (FILLING_IN.has(nav.screen.name)) leaving.open = true;
  else goHome();
}

/** Where a saved draft of the screen shown would pick up (null: nothing to save here). */
export function draftPositionHere(): DraftPosition | null {
  if (!session.item) return null;
  const screen = nav.screen;
  if (screen.name === "interview") return { step: "question", question_id: screen.questionId };
  if (screen.name === "materials") return { step: "materials" };
  if (screen.name === "check") return { step: "check" };
  return null;
}
