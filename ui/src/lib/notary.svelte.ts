// The notarization booking being made: matter → place → office → slot → applicant → receipt.
// In memory only; `forgetNotary` wipes it with the rest of the session.
import type { BookingMade, CompetenceFacts, NotaryMatter, NotaryOffice, SlotChoice } from "./types";

/** Counties of the sample notary offices, for the "where is your household registered" step. */
export const COUNTIES = ["330329", "330327", "350982", "350926", "350924"];

export const booking = $state<{
  matter: NotaryMatter | null;
  facts: CompetenceFacts;
  office: NotaryOffice | null;
  slot: SlotChoice | null;
  made: BookingMade | null;
}>({ matter: null, facts: {}, office: null, slot: null, made: null });

export function forgetNotary(): void {
  booking.matter = null;
  booking.facts = {};
  booking.office = null;
  booking.slot = null;
  booking.made = null;
}
