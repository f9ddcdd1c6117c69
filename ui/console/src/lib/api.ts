// The console's calls to its server (/console/api). The session is a cookie the page never
// sees; every request that changes something sends the session's CSRF token in a header.
import type { AuditLine } from "../../../src/lib/bindings/AuditLine";
import type { AuditSearch } from "../../../src/lib/bindings/AuditSearch";
import type { ConsoleSession } from "../../../src/lib/bindings/ConsoleSession";
import type { CreateStaffRequest } from "../../../src/lib/bindings/CreateStaffRequest";
import type { Fleet } from "../../../src/lib/bindings/Fleet";
import type { LegalAidFigures } from "../../../src/lib/bindings/LegalAidFigures";
import type { RatingFigures } from "../../../src/lib/bindings/RatingFigures";
import type { Page } from "../../../src/lib/bindings/Page";
import type { StaffAccount } from "../../../src/lib/bindings/StaffAccount";
import type { StaffAssignment } from "../../../src/lib/bindings/StaffAssignment";
import type { StaffInfo } from "../../../src/lib/bindings/StaffInfo";
import type { Attention } from "../../../src/lib/bindings/Attention";
import type { CatalogCheck } from "../../../src/lib/bindings/CatalogCheck";
import type { ConsoleOffices } from "../../../src/lib/bindings/ConsoleOffices";
import type { OfficeOverdue } from "../../../src/lib/bindings/OfficeOverdue";
import type { SlotAvailability } from "../../../src/lib/bindings/SlotAvailability";
import type { SmsReport } from "../../../src/lib/bindings/SmsReport";
import type { EnrollmentCodeRequest } from "../../../src/lib/bindings/EnrollmentCodeRequest";
import type { NewEnrollmentCode } from "../../../src/lib/bindings/NewEnrollmentCode";
import type { PendingEnrollment } from "../../../src/lib/bindings/PendingEnrollment";
import type { CatalogVersion } from "../../../src/lib/bindings/CatalogVersion";
import type { CatalogVersionDiff } from "../../../src/lib/bindings/CatalogVersionDiff";

const BASE = "/console/api";

/** A refusal with the server's code (a Fluent id) and what its message needs. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly args: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

let csrfToken = "";
/** Called with every 401: the page goes back to the login. */
let onSessionEnded: () => void = () => {};

export function useSession(session: ConsoleSession | null, ended?: () => void): void {
  csrfToken = session?.csrf_token ?? "";
  if (ended) onSessionEnded = ended;
}

/** A file as uploaded: its bytes and the type its name says. */
export type Upload = { name: string; bytes: ArrayBuffer };

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const upload = body as Upload | undefined;
  const raw = upload?.bytes instanceof ArrayBuffer;
  if (raw) headers["content-type"] = /\.json$/i.test(upload.name) ? "application/json" : "text/csv";
  else if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") headers["x-csrf-token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      body: raw ? upload.bytes : body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "console-error-network");
  }
  if (!response.ok) {
    let code = "error-internal";
    try {
      code = ((await response.json()) as { code?: string }).code ?? code;
    } catch {
      // not JSON: keep the generic code
    }
    const args: Record<string, string | number> = {};
    const retry = Number(response.headers.get("retry-after"));
    if (code === "error-account-locked" && retry > 0) args.minutes = Math.ceil(retry / 60);
    if (code === "error-password-too-short") args.min = 8;
    if (response.status === 401 && path !== "/login" && path !== "/session") onSessionEnded();
    throw new ApiError(response.status, code, args);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

export const login = (user_name: string, password: string) =>
  call<ConsoleSession>("POST", "/login", { user_name, password });
export const logout = () => call<void>("POST", "/logout");
export const session = () => call<ConsoleSession>("GET", "/session");

export async function messages(lang: string): Promise<string> {
  const r = await fetch(`${BASE}/messages/${encodeURIComponent(lang)}`);
  if (!r.ok) throw new ApiError(r.status, "console-error-network");
  return r.text();
}

export const fleet = (attention: Attention | null, after?: string | null) =>
  call<Fleet>("GET", `/fleet${query({ attention, after })}`);
export const revokeDevice = (deviceId: string) =>
  call<void>("POST", `/devices/${encodeURIComponent(deviceId)}/revoke`);

export const staffAccounts = (after?: string | null) =>
  call<Page<StaffAccount>>("GET", `/staff${query({ after })}`);
export const createStaff = (account: CreateStaffRequest) =>
  call<StaffAccount>("POST", "/staff", account);
export const resetPassword = (userName: string, password: string) =>
  call<void>("POST", `/staff/${encodeURIComponent(userName)}/password`, { password });
export const reassignStaff = (userName: string, assignment: StaffAssignment) =>
  call<StaffInfo>("POST", `/staff/${encodeURIComponent(userName)}/assignment`, assignment);
export const disableStaff = (userName: string) =>
  call<void>("POST", `/staff/${encodeURIComponent(userName)}/disable`);

export const audit = (search: AuditSearch, after?: string | null) =>
  call<Page<AuditLine>>("GET", `/audit${query({ ...search, after })}`);

export const legalAidFigures = (from: string, to: string) =>
  call<LegalAidFigures>("GET", `/figures/legal-aid${query({ from, to })}`);
export const legalAidFiguresCsvUrl = (from: string, to: string, lang: string) =>
  `${BASE}/figures/legal-aid.csv${query({ from, to, lang })}`;
/** The county's 好差评 per service and level (admins). */
export const ratingFigures = (from: string, to: string) =>
  call<RatingFigures>("GET", `/figures/ratings${query({ from, to })}`);

export const checkCatalog = (file: Upload) =>
  call<CatalogCheck>("POST", `/catalog/check${query({ name: file.name })}`, file);
export const importCatalog = (file: Upload) =>
  call<CatalogVersion>("POST", `/catalog/import${query({ name: file.name })}`, file);
export const catalogVersions = (after?: string | null) =>
  call<Page<CatalogVersion>>("GET", `/catalog/versions${query({ after })}`);
export const catalogVersionDiff = (version: number) =>
  call<CatalogVersionDiff>("GET", `/catalog/versions/${version}/diff`);
export const restoreCatalogVersion = (version: number) =>
  call<CatalogVersion>("POST", `/catalog/versions/${version}/restore`);

export const createEnrollmentCode = (request: EnrollmentCodeRequest) =>
  call<NewEnrollmentCode>("POST", "/enrollment-codes", request);
export const enrollmentCodes = (after?: string | null) =>
  call<Page<PendingEnrollment>>("GET", `/enrollment-codes${query({ after })}`);
export const cancelEnrollmentCode = (id: string) =>
  call<void>("POST", `/enrollment-codes/${encodeURIComponent(id)}/cancel`);

export const offices = () => call<ConsoleOffices>("GET", "/offices");
export const notaryCalendar = (office: string) =>
  call<SlotAvailability>("GET", `/offices/notary/${encodeURIComponent(office)}/calendar`);
export const notarySms = (office: string, date: string, after?: string | null) =>
  call<SmsReport>("GET", `/offices/notary/${encodeURIComponent(office)}/sms${query({ date, after })}`);
export const legalAidOverdue = (office: string) =>
  call<OfficeOverdue>("GET", `/offices/legal-aid/${encodeURIComponent(office)}/overdue`);
