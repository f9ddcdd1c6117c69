// The legal aid check's answers, carried from the check to the application form. In memory
// only; `forget` wipes them with the rest of the session.
import type { EligibilityAnswers } from "./types";

export const legal = $state<{ answers: EligibilityAnswers | null }>({ answers: null });
