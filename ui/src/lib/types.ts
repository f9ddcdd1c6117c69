// One place to import IPC types from: generated ones and those still pending generation.
export type { ApplicationDraft } from "./bindings/ApplicationDraft";
export type { ApplicationStatus } from "./bindings/ApplicationStatus";
export type { CatalogItem } from "./bindings/CatalogItem";
export type { Category } from "./bindings/Category";
export type { ChoiceOption } from "./bindings/ChoiceOption";
export type { Condition } from "./bindings/Condition";
export type { HandlingMode } from "./bindings/HandlingMode";
export type { Language } from "./bindings/Language";
export type { LocalizedText } from "./bindings/LocalizedText";
export type { Material } from "./bindings/Material";
export type { Province } from "./bindings/Province";
export type { Question } from "./bindings/Question";
export type { QuestionKind } from "./bindings/QuestionKind";
export type { Receipt } from "./bindings/Receipt";
export type { StatusChange } from "./bindings/StatusChange";
export type { AppInfo, SyncStatus, TrackedApplication, UiError } from "./pending-bindings";
