// The life events the services screen offers, in the order of the generated LifeEvent type.
// A Record keyed by LifeEvent makes `npm run check` fail when Rust adds or renames one.
import type { LifeEvent } from "./types";
import { kebab } from "./format";

const ALL: Record<LifeEvent, true> = {
  moving: true,
  retiring: true,
  new_baby: true,
  marriage: true,
  starting_business: true,
  closing_business: true,
  buying_car: true,
  job_change: true,
  housing: true,
  lost_documents: true,
  medical_care: true,
};

export const LIFE_EVENTS = Object.keys(ALL) as LifeEvent[];

/** The Fluent id of an event's label (defined by Rust in borderdesk.ftl): life-event-new-baby. */
export const lifeEventLabelId = (event: LifeEvent): string => `life-event-${kebab(event)}`;
