// DEV ONLY: an in-memory stand-in for the Rust side so screens can be looked at with
// `npm run dev` in a plain browser. api.ts imports it only under import.meta.env.DEV outside
// Tauri, so it never ships. Its rules are rough copies for display, not the real ones.
// URL switches: ?offline shows the offline footer. A name of SUBMIT-FAIL fails the submit.
import { FluentBundle, FluentResource } from "@fluent/bundle";
import type { Backend } from "./api";
import type {
  ApplicationDraft,
  Attachment,
  CatalogItem,
  Category,
  Language,
  LifeEvent,
  LocalizedText,
  Question,
  Receipt,
  SyncStatus,
  TrackedApplication,
  UiError,
} from "./types";
import { askedQuestions } from "./interview";

import zhCnRust from "../../../crates/i18n/i18n/zh-CN/borderdesk.ftl?raw";
import zhCnUi from "../../../crates/i18n/i18n/zh-CN/ui.ftl?raw";
import zhTwRust from "../../../crates/i18n/i18n/zh-TW/borderdesk.ftl?raw";
import zhTwUi from "../../../crates/i18n/i18n/zh-TW/ui.ftl?raw";
import enRust from "../../../crates/i18n/i18n/en/borderdesk.ftl?raw";
import enUi from "../../../crates/i18n/i18n/en/ui.ftl?raw";

const FTL: Record<Language, string> = {
  "zh-CN": `${zhCnRust}\n${zhCnUi}`,
  "zh-TW": `${zhTwRust}\n${zhTwUi}`,
  en: `${enRust}\n${enUi}`,
};

let language: Language = "zh-CN";

function message(code: string, args?: Record<string, string | number>): string {
  const b = new FluentBundle(language, { useIsolating: false });
  b.addResource(new FluentResource(FTL[language]));
  const m = b.getMessage(code);
  return m?.value ? b.formatPattern(m.value, args) : code;
}

function fail(code: string, questionId: string | null = null, args?: Record<string, number>): never {
  const e: UiError = { code, message: message(code, args), question_id: questionId, fields: [] };
  throw e;
}

const tx = (zh: string, tw: string, en: string): LocalizedText => ({ "zh-CN": zh, "zh-TW": tw, en });
const std = (id: string, kind: Question["kind"]): Question => ({ id, kind, required: true });

const CATALOG: CatalogItem[] = [
  {
    code: "ZM-HJ-001",
    name: tx("临时身份证明", "臨時身分證明", "Temporary identity certificate"),
    category: "household",
    handling_side: "zhejiang",
    handling_office: tx("泰顺县公安局户政科", "泰順縣公安局戶政科", "Taishun County Public Security Bureau, Household Registration"),
    mode: "collected_and_forwarded",
    time_limit_working_days: 1,
    fee_fen: 0,
    materials: [
      { name: tx("居民户口簿", "居民戶口名簿", "Household register"), required: true, e_licence: true },
      { name: tx("近期免冠照片", "近期脫帽照片", "Recent photo"), required: false, e_licence: false },
    ],
    questions: [
      std("name", "name"),
      std("id_number", "id_number"),
      std("phone", "phone"),
      {
        id: "reason",
        kind: "choice",
        required: true,
        label: tx("为什么需要临时身份证明？", "為什麼需要臨時身分證明？", "Why do you need the certificate?"),
        options: [
          { value: "lost", label: tx("身份证遗失", "身分證遺失", "ID card lost") },
          { value: "expired", label: tx("身份证过期", "身分證過期", "ID card expired") },
          { value: "other", label: tx("其他原因", "其他原因", "Another reason") },
        ],
      },
      {
        id: "reason_detail",
        kind: "long_text",
        required: true,
        label: tx("请说明原因", "請說明原因", "Tell us the reason"),
        hint: tx("简单写几句就可以。", "簡單寫幾句就可以。", "A few words are enough."),
        show_if: { question: "reason", equals: "other" },
      },
      {
        id: "lost_on",
        kind: "date",
        required: false,
        label: tx("大约哪天发现遗失？", "大約哪天發現遺失？", "When did you notice it was lost?"),
        hint: tx("记不清可以不填。", "記不清可以不填。", "Leave it empty if you are not sure."),
        show_if: { question: "reason", equals: "lost" },
      },
      std("address", "address"),
    ],
    keywords: ["lssfzm", "linshi"],
    sample: true,
    popular_rank: 3,
    life_events: ["lost_documents"],
  },
  {
    code: "ZM-YB-002",
    name: tx("医保关系转移接续", "醫保關係轉移接續", "Transfer of medical insurance"),
    category: "medical_insurance",
    handling_side: "fujian",
    handling_office: tx("福鼎市医疗保障局", "福鼎市醫療保障局", "Fuding Healthcare Security Bureau"),
    mode: "fully_online",
    time_limit_working_days: 7,
    fee_fen: 0,
    materials: [
      { name: tx("医保电子凭证或社会保障卡", "醫保電子憑證或社會保障卡", "Medical insurance e-credential or social security card"), required: true, e_licence: true },
    ],
    questions: [std("name", "name"), std("id_number", "id_number"), std("phone", "phone")],
    keywords: ["ybzy"],
    sample: true,
    popular_rank: 1,
    life_events: ["moving", "job_change", "medical_care"],
  },
  {
    code: "ZM-GJJ-003",
    name: tx("住房公积金缴存证明", "住房公積金繳存證明", "Housing fund contribution certificate"),
    category: "housing_fund",
    handling_side: "zhejiang",
    handling_office: tx("温州市住房公积金中心泰顺分中心", "溫州市住房公積金中心泰順分中心", "Wenzhou Housing Fund Centre, Taishun branch"),
    mode: "multi_office",
    time_limit_working_days: 3,
    fee_fen: 1250,
    materials: [{ name: tx("身份证", "身分證", "ID card"), required: true, e_licence: false }],
    questions: [std("name", "name"), std("id_number", "id_number")],
    sample: true,
    popular_rank: 2,
    life_events: ["housing"],
  },
];

// More display-only items, so the most-asked list and the life events look like the real
// catalog (20 ranked items and one unranked).
function extra(
  code: string,
  name: LocalizedText,
  category: Category,
  rank: number | undefined,
  life_events: LifeEvent[],
): CatalogItem {
  const fujian = rank !== undefined && rank % 3 === 0;
  return {
    code,
    name,
    category,
    handling_side: fujian ? "fujian" : "zhejiang",
    handling_office: fujian
      ? tx("福鼎市行政服务中心", "福鼎市行政服務中心", "Fuding Administrative Service Centre")
      : tx("泰顺县行政服务中心", "泰順縣行政服務中心", "Taishun County Administrative Service Centre"),
    mode: "collected_and_forwarded",
    time_limit_working_days: 5,
    fee_fen: 0,
    materials: [{ name: tx("身份证", "身分證", "ID card"), required: true, e_licence: true }],
    questions: [std("name", "name"), std("id_number", "id_number"), std("phone", "phone")],
    sample: true,
    popular_rank: rank,
    life_events,
  };
}
CATALOG.push(
  extra("ZM-SB-004", tx("养老保险关系转移", "養老保險關係轉移", "Transfer of pension insurance"), "social_security", 4, ["retiring", "job_change", "moving"]),
  extra("ZM-SB-005", tx("领取养老金资格认证", "領取養老金資格認證", "Pension eligibility check"), "social_security", 5, ["retiring"]),
  extra("ZM-HJ-006", tx("户口迁移", "戶口遷移", "Moving household registration"), "household", 6, ["moving"]),
  extra("ZM-HJ-007", tx("新生儿入户", "新生兒入戶", "Registering a newborn"), "household", 7, ["new_baby"]),
  extra("ZM-YB-008", tx("异地就医备案", "異地就醫備案", "Registering for medical care in another province"), "medical_insurance", 8, ["medical_care", "moving"]),
  extra("ZM-YB-009", tx("生育保险待遇申领", "生育保險待遇申領", "Maternity insurance benefit"), "medical_insurance", 9, ["new_baby"]),
  extra("ZM-HY-010", tx("婚姻登记档案查询", "婚姻登記檔案查詢", "Marriage record enquiry"), "marriage_birth", 10, ["marriage"]),
  extra("ZM-HY-011", tx("生育登记", "生育登記", "Birth registration"), "marriage_birth", 11, ["new_baby", "marriage"]),
  extra("ZM-QY-012", tx("个体工商户登记", "個體工商戶登記", "Registering a sole trader"), "business", 12, ["starting_business"]),
  extra("ZM-QY-013", tx("个体工商户注销", "個體工商戶註銷", "Closing a sole trader"), "business", 13, ["closing_business"]),
  extra("ZM-JT-014", tx("机动车驾驶证换证", "機動車駕駛證換證", "Renewing a driving licence"), "transport", 14, ["buying_car"]),
  extra("ZM-JT-015", tx("机动车登记", "機動車登記", "Vehicle registration"), "transport", 15, ["buying_car"]),
  extra("ZM-GJJ-016", tx("住房公积金提取（租房）", "住房公積金提取（租房）", "Housing fund withdrawal for rent"), "housing_fund", 16, ["housing"]),
  extra("ZM-GJJ-017", tx("住房公积金贷款申请", "住房公積金貸款申請", "Housing fund loan application"), "housing_fund", 17, ["housing"]),
  extra("ZM-SB-018", tx("失业保险金申领", "失業保險金申領", "Unemployment benefit"), "social_security", 18, ["job_change"]),
  extra("ZM-HJ-019", tx("居民身份证补领", "居民身分證補領", "Replacing a lost ID card"), "household", 19, ["lost_documents"]),
  extra("ZM-JT-020", tx("驾驶证遗失补证", "駕駛證遺失補證", "Replacing a lost driving licence"), "transport", 20, ["lost_documents", "buying_car"]),
  extra("ZM-SB-021", tx("社会保障卡补换", "社會保障卡補換", "Replacing a social security card"), "social_security", undefined, ["lost_documents"]),
);

/** Most asked first; unranked items after the ranked ones. */
const byRank = (a: CatalogItem, b: CatalogItem) =>
  (a.popular_rank ?? Number.MAX_SAFE_INTEGER) - (b.popular_rank ?? Number.MAX_SAFE_INTEGER);

function find(code: string): CatalogItem {
  return CATALOG.find((i) => i.code === code) ?? fail("error-unknown-item");
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function check(q: Question, raw: string): string {
  const v = raw.trim();
  if (!v) return q.required ? fail("error-answer-required") : "";
  switch (q.kind) {
    case "id_number": {
      const id = v.toUpperCase();
      if (!/^\d{17}[\dX]$/.test(id)) fail("error-id-number-format");
      const s = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
      const c = (12 - (s % 11)) % 11;
      if (id[17] !== (c === 10 ? "X" : String(c))) fail("error-id-number-check-char");
      return id;
    }
    case "phone": {
      const p = v.replace(/\s/g, "").replace(/^(\+86|0086)/, "");
      if (!/^1[3-9]\d{9}$/.test(p)) fail("error-phone-format");
      return p;
    }
    case "date":
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) fail("error-date-format");
      return v;
    case "choice":
      if (!q.options?.some((o) => o.value === v)) fail("error-answer-not-an-option");
      return v;
    default:
      if (v.length > 200) fail("error-answer-too-long", null, { max: 200 });
      return v;
  }
}

const offline = typeof location !== "undefined" && location.search.includes("offline");
let status: SyncStatus = {
  enrolled: true,
  online: !offline,
  last_synced_at: new Date(Date.now() - 7 * 60_000).toISOString(),
  waiting: offline ? 2 : 0,
  rejected: 0,
  files_waiting: 0,
  records_waiting: offline ? 2 : 0,
  last_error_code: offline ? "error-server-unreachable" : null,
  update_needed: false,
};
const listeners = new Set<(s: SyncStatus) => void>();
function emit(): void {
  for (const l of listeners) l({ ...status });
}

let heldFiles: Attachment[] = [];

const tracked = new Map<string, { last4: string; t: TrackedApplication }>();
let sequence = 426;

function submit(draft: ApplicationDraft): Receipt {
  const item = find(draft.item_code);
  const answers = draft.answers as Record<string, string>;
  for (const q of askedQuestions(item, answers)) {
    try {
      check(q, answers[q.id] ?? "");
    } catch (e) {
      throw { ...(e as UiError), question_id: q.id };
    }
  }
  // A name of "SUBMIT-FAIL" makes the final check refuse the ID number (to see that path).
  if (answers["name"] === "SUBMIT-FAIL") {
    fail("error-id-number-check-char", "id_number");
  }
  sequence += 1;
  const digits = `10001${String(sequence).padStart(6, "0")}7`;
  const receipt: Receipt = {
    application_id: crypto.randomUUID(),
    tracking_number: digits,
    tracking_number_grouped: digits.replace(/(\d{4})(\d{4})(\d{4})/, "$1 $2 $3"),
    item_code: item.code,
    item_name: item.name,
    handling_office: item.handling_office,
    time_limit_working_days: item.time_limit_working_days,
    submitted_at: new Date().toISOString(),
    status: "submitted",
    waiting_to_send: !status.online,
    materials: item.materials.map((m, i) => ({
      name: m.name,
      state: heldFiles.some((f) => f.id && draft.attachments.includes(f.id) && f.material_index === i)
        ? "attached"
        : m.e_licence
          ? "e_licence"
          : m.required
            ? "missing"
            : "not_needed",
    })),
  };
  heldFiles = heldFiles.filter((f) => !draft.attachments.includes(f.id));
  const id = (answers["id_number"] ?? "").toUpperCase();
  tracked.set(digits, { last4: id.slice(-4), t: { receipt, history: [{ status: "submitted", at: receipt.submitted_at }] } });
  status = { ...status, waiting: status.waiting + 1, records_waiting: status.records_waiting + 1 };
  emit();
  if (status.online) {
    setTimeout(() => {
      status = {
        ...status,
        waiting: Math.max(0, status.waiting - 1),
        records_waiting: Math.max(0, status.records_waiting - 1),
        last_synced_at: new Date().toISOString(),
      };
      emit();
    }, 3000);
  }
  return receipt;
}

// A sample so the track screen has something to find: 1000 1000 0427, ID ending 002X.
tracked.set("100010000427", {
  last4: "002X",
  t: {
    receipt: {
      application_id: "0190f2d2-0000-7000-8000-000000000427",
      tracking_number: "100010000427",
      tracking_number_grouped: "1000 1000 0427",
      item_code: "ZM-YB-002",
      item_name: CATALOG[1].name,
      handling_office: CATALOG[1].handling_office,
      time_limit_working_days: 7,
      submitted_at: "2026-11-20T01:15:00Z",
      status: "in_progress",
      waiting_to_send: false,
      materials: [],
    },
    history: [
      { status: "submitted", at: "2026-11-20T01:15:00Z" },
      { status: "accepted", at: "2026-11-20T06:40:00Z" },
      { status: "forwarded", at: "2026-11-21T02:05:00Z", note: "已转福鼎市医疗保障局" },
      { status: "in_progress", at: "2026-11-23T08:30:00Z" },
    ],
  },
});

function track(number: string, last4: string): TrackedApplication {
  const digits = number.replace(/[\s-]/g, "");
  if (!/^\d{12}$/.test(digits)) fail("error-tracking-number-format");
  if (!/^\d{3}[\dXx]$/.test(last4.trim())) fail("error-id-last-four");
  const hit = tracked.get(digits);
  if (!hit || hit.last4 !== last4.trim().toUpperCase()) fail("error-application-not-found");
  return hit.t;
}

type Args = Record<string, unknown>;
const commands: Record<string, (a: Args) => unknown> = {
  ui_messages: (a) => FTL[a.language as Language] ?? FTL["zh-CN"],
  app_info: () => ({
    language,
    home_language: "zh-CN",
    version: "0.1.0-dev",
    device_code: 10001,
    provisional: false,
    site_id: "dev-site",
    database_path: ":memory:",
    idle_timeout_seconds: 120,
    scanner_available: true,
    card_reader_available: false,
    rating_seconds: 90,
  }),
  set_language: (a) => {
    language = a.language as Language;
  },
  catalog_search: (a) => {
    const q = String(a.query ?? "").trim().toLowerCase();
    const cat = a.category as Category | null;
    const found = CATALOG.filter((i) => !cat || i.category === cat)
      .filter(
        (i) =>
          !q ||
          [i.name["zh-CN"], i.name["zh-TW"] ?? "", i.name.en ?? "", i.code, ...(i.keywords ?? [])].some((f) =>
            f.toLowerCase().includes(q),
          ),
      )
      .sort(byRank);
    return { total: found.length, items: found.slice(0, Number(a.limit) || 30) };
  },
  catalog_most_asked: (a) => [...CATALOG].sort(byRank).slice(0, Number(a.limit) || 0),
  catalog_life_event: (a) =>
    CATALOG.filter((i) => i.life_events?.includes(a.event as LifeEvent)).sort(byRank),
  catalog_item: (a) => find(String(a.code)),
  check_answer: (a) => {
    const item = find(String(a.itemCode));
    const q = item.questions.find((x) => x.id === a.questionId) ?? fail("error-unknown-question");
    return check(q, String(a.value ?? ""));
  },
  submit_application: (a) => submit(a.draft as ApplicationDraft),
  // Scanning in the browser: a made-up 1.2 MB JPEG each time.
  scan_material: (a) => {
    const file: Attachment = {
      id: crypto.randomUUID(),
      material_index: Number(a.materialIndex),
      kind: "jpeg",
      size: 1_250_000,
    };
    heldFiles.push(file);
    return file;
  },
  remove_attachment: (a) => {
    heldFiles = heldFiles.filter((f) => f.id !== a.id);
  },
  // Save for later in the browser: a fixed code, and resuming always says "unknown".
  save_draft: () => ({
    code_grouped: "K7M2Q-9XAB3",
    expires_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    print: { outcome: "saved", message: "凭条已保存，可由工作人员打印。" },
  }),
  resume_draft: () => fail("error-resume-code-unknown"),
  end_session: () => {
    heldFiles = [];
  },
  // No staff in the fake: nobody is logged in to keep or end.
  home_shown: () => null,
  citizen_flow_started: () => null,
  staff_activity: () => undefined,
  track_application: (a) => track(String(a.trackingNumber), String(a.idLastFour)),
  sync_status: () => ({ ...status }),
  print_receipt: () => ({ outcome: "saved", message: "回执已保存，可由工作人员打印。" }),
};

export const fakeBackend: Backend = {
  async invoke<T>(command: string, args: Args = {}): Promise<T> {
    await new Promise((r) => setTimeout(r, 30));
    const f = commands[command];
    if (!f) throw new Error(`dev fake: no command ${command}`);
    // Like Tauri, hand over JSON copies, never the caller's objects.
    const copy = <V>(v: V): V => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
    return copy(f(copy(args))) as T;
  },
  async onSyncStatus(handler) {
    listeners.add(handler);
    return () => listeners.delete(handler);
  },
};
