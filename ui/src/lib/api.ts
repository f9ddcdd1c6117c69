// The one typed doorway to the Rust side. Every command BorderDesk's UI calls is here, with
// its arguments in the camelCase Tauri expects; every failure is thrown as a UiError.
import { invoke as tauriInvoke } from "@tauri-apps/api/core";
import { listen as tauriListen } from "@tauri-apps/api/event";
import type {
  MaterialsOf,
  EnrolledDevice,
  AppInfo,
  Attachment,
  ApplicationForm,
  CardRead,
  FamilyQr,
  RatedService,
  RatingFollowUp,
  RatingLevel,
  RatingReason,
  LegalAidActionKind,
  LegalAidActionResult,
  LegalAidFigures,
  LegalAidOffice,
  LegalAidQueue,
  LegalAidTrackResponse,
  ApplicationReceiptText,
  LegalAidCounty,
  Material,
  BookingMade,
  ConsultationDraft,
  EligibilityAnswers,
  EligibilityChoices,
  EligibilityText,
  LegalAidReceipt,
  BookingOutcome,
  NotaryDay,
  OutcomeRecorded,
  SlotChangeRequest,
  SlotSeats,
  SmsReport,
  BookingReceipt,
  BookingRequest,
  CompetenceFacts,
  NotaryMatter,
  NotaryOffice,
  SlotChoices,
  StaffCall,
  StaffSession,
  ApplicationDraft,
  CatalogItem,
  Category,
  DraftContent,
  Language,
  LifeEvent,
  PrintResult,
  SiteQueue,
  DeskApplication,
  MaterialCheckEntry,
  AssistedBy,
  Receipt,
  ResumedDraft,
  SavedDraftView,
  SearchPage,
  SyncStatus,
  TrackedApplication,
  UiError,
  ReadingState,
  FieldError,
} from "./types";

/** What the UI needs from a backend: commands and one event stream. */
export interface Backend {
  invoke<T>(command: string, args?: Record<string, unknown>): Promise<T>;
  onSyncStatus(handler: (status: SyncStatus) => void): Promise<() => void>;
}

const tauriBackend: Backend = {
  invoke: (command, args) => tauriInvoke(command, args),
  onSyncStatus: (handler) => tauriListen<SyncStatus>("sync-status", (e) => handler(e.payload)),
};

function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

let backendPromise: Promise<Backend> | null = null;

function backend(): Promise<Backend> {
  if (!backendPromise) {
    // Only `npm run dev` in a plain browser gets the in-memory fake; a production build
    // drops this branch (and the fake module) entirely.
    if (import.meta.env.DEV && !inTauri()) {
      backendPromise = import("./dev-fake").then((m) => m.fakeBackend);
    } else {
      backendPromise = Promise.resolve(tauriBackend);
    }
  }
  return backendPromise;
}

/** The code the UI uses for failures that did not come from Rust as a UiError. */
export const UNEXPECTED_ERROR = "ui-error-unexpected";

export function isUiError(e: unknown): e is UiError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as UiError).code === "string" &&
    typeof (e as UiError).message === "string"
  );
}

function toUiError(e: unknown): UiError {
  if (isUiError(e)) {
    return { code: e.code, message: e.message, question_id: e.question_id ?? null, fields: e.fields ?? [] };
  }
  console.error("command failed without a UiError", e);
  return { code: UNEXPECTED_ERROR, message: "", question_id: null, fields: [] };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  const b = await backend();
  try {
    return await b.invoke<T>(command, args);
  } catch (e) {
    throw toUiError(e);
  }
}

/** The Fluent source (ui.ftl + borderdesk.ftl) for a language. */
export const uiMessages = (language: Language) => call<string>("ui_messages", { language });

export const appInfo = () => call<AppInfo>("app_info");

export const setLanguage = (language: Language) => call<void>("set_language", { language });

/** Best first; an empty query lists everything (in the category, when one is given). */
export const catalogSearch = (query: string, category: Category | null, limit: number) =>
  call<SearchPage>("catalog_search", { query, category, limit });

/** The `limit` most asked items, most asked first (for browsing without a keyboard). */
export const catalogMostAsked = (limit: number) =>
  call<CatalogItem[]>("catalog_most_asked", { limit });

/** The items a life event (搬家, 退休, 生孩子 ...) calls for, most asked first. */
export const catalogLifeEvent = (event: LifeEvent) =>
  call<CatalogItem[]>("catalog_life_event", { event });

export const catalogItem = (code: string) => call<CatalogItem>("catalog_item", { code });

/** The answer normalised, or throws a UiError with a message in the user's language. */
export const checkAnswer = (
  itemCode: string,
  questionId: string,
  value: string,
  answers: Record<string, string>,
) => call<string>("check_answer", { itemCode, questionId, value, answers });

/** Throws a UiError whose question_id names the first bad answer. */
export const submitApplication = (draft: ApplicationDraft) =>
  call<Receipt>("submit_application", { draft });

/** Scans one document for the item's material at `materialIndex` and keeps it for the
 *  application being filled in. Throws a UiError (no scanner, nothing scanned, bad file). */
/** Scans a page for material `materialIndex` of a services item (`{ item: code }`) or of a
 *  legal aid application (`"legal_aid"`). */
export const scanMaterial = (owner: MaterialsOf, materialIndex: number) =>
  call<Attachment>("scan_material", { owner, materialIndex });

export const removeAttachment = (id: string) => call<void>("remove_attachment", { id });

/** Waits for an ID card on the reader and reads it; with an item, also the answers it fills. */
export const readIdCard = (itemCode: string | null) => call<CardRead>("read_id_card", { itemCode });
/** The family QR code of an item: the tracking number (once there is one) and the checklist. */
export const familyQr = (itemCode: string, trackingNumber: string | null) =>
  call<FamilyQr>("family_qr", { itemCode, trackingNumber });
/** The family QR code of a video notarization booking: matter, office, what to bring. */
export const familyQrBooking = (matterCode: string, officeCode: string | null, trackingNumber: string | null) =>
  call<FamilyQr>("family_qr_booking", { matterCode, officeCode, trackingNumber });
/** The family QR code of a legal aid application or consultation made here. */
export const familyQrLegalAid = (trackingNumber: string) => call<FamilyQr>("family_qr_legal_aid", { trackingNumber });
/** The reasons offered with a poor rating (好差评). */
export const ratingReasons = () => call<RatingReason[]>("rating_reasons");
/** Keeps the citizen's rating of a transaction made here, once. */
export const rateService = (service: RatedService, trackingNumber: string, level: RatingLevel, reasons: string[]) =>
  call<void>("rate_service", { service, trackingNumber, level, reasons });
/** Records at the desk how a poor rating was followed up (online). */
export const clerkRatingFollowUp = (id: string, outcome: string) =>
  call<RatingFollowUp>("clerk_rating_follow_up", { id, outcome });
/** Stops a card read that is waiting for a card. */
export const cancelIdCardRead = () => call<void>("cancel_id_card_read");

/** The citizen is done or gone: files of an unfinished application leave the device. */
export const endSession = () => call<void>("end_session");

/** Saves the application being filled in under a new code and prints the slip; the code of
 *  the slip it was resumed from (`resumedFrom`) is used up. */
export const saveDraft = (resumedFrom: string | null, draft: DraftContent) =>
  call<SavedDraftView>("save_draft", { draft, resumedFrom });

/** Brings back an application saved with a resume code (here or at another kiosk); the code
 *  stays good until the application is submitted or saved again. */
export const resumeDraft = (code: string) => call<ResumedDraft>("resume_draft", { code });

export const notaryMatters = () => call<NotaryMatter[]>("notary_matters");

/** Offices that can take the matter for these places, best first. */
export const notaryOffices = (matterCode: string, facts: CompetenceFacts) =>
  call<NotaryOffice[]>("notary_offices", { matterCode, facts });

/** Slots with seats, fresh from the server when it answers, else as last cached. */
export const notarySlots = (officeCode: string) => call<SlotChoices>("notary_slots", { officeCode });

/** Books (offline: pending until sync); prints the receipt with the cancel code. */
export const bookNotary = (request: BookingRequest) => call<BookingMade>("book_notary", { request });

export const findBooking = (trackingNumber: string, idLastFour: string) =>
  call<BookingReceipt>("find_booking", { trackingNumber, idLastFour });

export const rescheduleNotary = (trackingNumber: string, cancelCode: string, newStart: string) =>
  call<BookingReceipt>("reschedule_notary", { trackingNumber, cancelCode, newStart });

/** Opens the video session window of a confirmed booking (from 15 minutes before the slot). */
export const openVideoSession = (trackingNumber: string, idLastFour: string) =>
  call<void>("open_video_session", { trackingNumber, idLastFour });

export const notaryOfficeList = () => call<NotaryOffice[]>("notary_office_list");
export const notaryDay = (officeCode: string, date: string) => call<NotaryDay>("notary_day", { officeCode, date });
export const notaryOutcome = (bookingId: string, outcome: BookingOutcome) =>
  call<OutcomeRecorded>("notary_outcome", { bookingId, outcome });
export const notarySlotChange = (change: SlotChangeRequest) => call<SlotSeats>("notary_slot_change", { change });
export const notarySms = (officeCode: string, date: string) => call<SmsReport>("notary_sms", { officeCode, date });

/** The same session in the system browser, where the app's window cannot do video calls. */
export const openVideoInBrowser = (trackingNumber: string, idLastFour: string) =>
  call<void>("open_video_in_browser", { trackingNumber, idLastFour });

export const cancelNotary = (trackingNumber: string, cancelCode: string) =>
  call<BookingReceipt>("cancel_notary", { trackingNumber, cancelCode });

/** 呼叫工作人员: resolves to whether the call reached the clerk desks (through the server). */
export const callStaff = () => call<boolean>("call_staff");
export const clerkStaffCalls = () => call<StaffCall[]>("clerk_staff_calls");
export const clerkAnswerCall = (id: string) => call<void>("clerk_answer_call", { id });

export const staffLogin = (userName: string, password: string) =>
  call<StaffSession>("staff_login", { userName, password });
export const staffLogout = () => call<void>("staff_logout");
export const currentStaff = () => call<StaffSession | null>("current_staff");
/** The home screen shows / a citizen flow starts: a kiosk ends the staff session there (Rust
 *  decides; a desk keeps it). Both answer who is still logged in. */
export const homeShown = () => call<StaffSession | null>("home_shown");
export const citizenFlowStarted = () => call<StaffSession | null>("citizen_flow_started");
/** Someone is at the screen: keeps a kiosk's staff session from ending as idle. */
export const staffActivity = () => call<void>("staff_activity");
export const clerkQueue = () => call<SiteQueue>("clerk_queue");
export const clerkOpenApplication = (trackingNumber: string) =>
  call<DeskApplication>("clerk_open_application", { trackingNumber });
export const clerkCheckMaterials = (trackingNumber: string, itemCode: string, checks: MaterialCheckEntry[]) =>
  call<DeskApplication>("clerk_check_materials", { trackingNumber, itemCode, checks });
export const clerkAcceptApplication = (trackingNumber: string) =>
  call<void>("clerk_accept_application", { trackingNumber });
export const clerkStartAssisting = () => call<AssistedBy>("clerk_start_assisting");
export const clerkStopAssisting = () => call<void>("clerk_stop_assisting");
export const clerkAssisting = () => call<AssistedBy | null>("clerk_assisting");
export const clerkReprint = (trackingNumber: string) => call<PrintResult>("clerk_reprint", { trackingNumber });
export const clerkSync = () => call<SyncStatus>("clerk_sync");

export const legalAidChoices = () => call<EligibilityChoices>("legal_aid_choices");
/** The eligibility check's answer, already in the person's language. */
export const legalAidCheck = (answers: EligibilityAnswers) => call<EligibilityText>("legal_aid_check", { answers });
export const submitConsultation = (draft: ConsultationDraft) =>
  call<LegalAidReceipt>("submit_consultation", { draft });

export const legalAidMaterials = () => call<Material[]>("legal_aid_materials");
export const legalAidCounties = () => call<LegalAidCounty[]>("legal_aid_counties");
/** Saves a legal aid application (offline too), routed to the competent office. */
/** Every answer of the legal aid form that is not valid (empty: all fine), in the person's
 *  language; asked before each 下一步. */
export const checkLegalAidForm = (form: ApplicationForm) => call<FieldError[]>("check_legal_aid_form", { form });
export const submitLegalAidApplication = (form: ApplicationForm) =>
  call<ApplicationReceiptText>("submit_legal_aid_application", { form });
/** Prints the pre-filled, signed 申请表 (and 承诺书) of the application just made here; refused
 *  for any other, and after `legal_aid_form_prints` prints. */
export const printLegalAidForm = (trackingNumber: string) =>
  call<PrintResult>("print_legal_aid_form", { trackingNumber });
/** Prints a notarization matter's materials checklist (with the office once chosen). */
export const printNotaryChecklist = (matterCode: string, officeCode: string | null) =>
  call<PrintResult>("print_notary_checklist", { matterCode, officeCode });

export const legalAidOffices = () => call<LegalAidOffice[]>("legal_aid_offices");
export const legalAidQueue = (officeCode: string) => call<LegalAidQueue>("legal_aid_queue", { officeCode });
/** One workflow step; `actionId` is made once per press so a retry is applied once. */
export const legalAidAct = (requestId: string, actionId: string, step: LegalAidActionKind) =>
  call<LegalAidActionResult>("legal_aid_act", { requestId, actionId, step });
export const legalAidFigures = (from: string, to: string, officeCode: string) =>
  call<LegalAidFigures>("legal_aid_figures", { from, to, officeCode });
/** Saves the figures as CSV; resolves to the file's path. */
export const legalAidExportCsv = (from: string, to: string, officeCode: string) =>
  call<string>("legal_aid_export_csv", { from, to, officeCode });

/** A legal aid request or consultation by its number and the last four of the ID (or phone). */
export const trackLegalAid = (trackingNumber: string, lastFour: string) =>
  call<LegalAidTrackResponse>("track_legal_aid", { trackingNumber, lastFour });

export const trackApplication = (trackingNumber: string, idLastFour: string) =>
  call<TrackedApplication>("track_application", { trackingNumber, idLastFour });

export const syncStatus = () => call<SyncStatus>("sync_status");
/** 登记本机 with the one-time code (or its QR text) from the county console. */
export const enrollDevice = (code: string) => call<EnrolledDevice>("enroll_device", { code });

/** Prints (or reprints) a receipt in the language on screen; says what became of it. */
export const printReceipt = (trackingNumber: string) =>
  call<PrintResult>("print_receipt", { trackingNumber });


/** Calls `handler` with every "sync-status" event; resolves to an unsubscribe function. */
export async function onSyncStatus(handler: (status: SyncStatus) => void): Promise<() => void> {
  const b = await backend();
  return b.onSyncStatus(handler);
}

// Read aloud and closing with unsent work (issue 5).
import type { CloseAsked } from "./bindings/CloseAsked";

/** Whether this device can read aloud (朗读). */
export const speechAvailable = () => call<boolean>("speech_available");
/** Reads `text` in the chosen language; resolves once reading has started. */
export const readAloud = (text: string) => call<void>("read_aloud", { text });
export const stopReading = () => call<void>("stop_reading");
/** How the last reading stands (`no_sound`: the engine could not be heard). */
export const readingState = () => call<ReadingState>("reading_state");

/** "仍然关闭": closes the window although work waits to be sent. */
export const confirmClose = () => call<void>("confirm_close");

/**
 * Calls `handler` with the number of unsent records and files when the window was asked to
 * close with work waiting (desk and field mode); resolves to an unsubscribe function.
 */
export async function onCloseAsked(handler: (unsent: number) => void): Promise<() => void> {
  if (!inTauri()) return () => {};
  return tauriListen<CloseAsked>("close-asked", (e) => handler(e.payload.unsent));
}

// The on-screen keyboard of a touch kiosk (issue 5).
import type { Candidate } from "./bindings/Candidate";
import type { KeyboardSetup } from "./bindings/KeyboardSetup";

/** Whether the on-screen keyboard comes up by itself (kiosk mode). */
export const keyboardSetup = () => call<KeyboardSetup>("keyboard_setup");
/** What the pinyin `letters` typed so far may mean, best first (each says how many letters it takes). */
export const keyboardCandidates = (letters: string, limit: number) =>
  call<Candidate[]>("keyboard_candidates", { letters, limit });
