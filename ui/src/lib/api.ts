// The one place the UI talks to the Rust side. Types come from src/generated (written by
// ts-rs from the Rust types), so the two sides cannot drift apart.

import { invoke } from "@tauri-apps/api/core";
import type { Briefing } from "../generated/Briefing";
import type { KeptDraft } from "../generated/KeptDraft";
import type { BinItem } from "../generated/BinItem";
import type { Display } from "../generated/Display";
import type { KioskOptions } from "../generated/KioskOptions";
import type { BriefingDraft } from "../generated/BriefingDraft";
import type { ExportReport } from "../generated/ExportReport";
import type { GlossaryEntry } from "../generated/GlossaryEntry";
import type { BriefingSummary } from "../generated/BriefingSummary";
import type { GroupDetails } from "../generated/GroupDetails";
import type { ImportReport } from "../generated/ImportReport";
import type { Origin } from "../generated/Origin";
import type { SearchHit } from "../generated/SearchHit";
import type { GroupProfile } from "../generated/GroupProfile";
import type { ProblemReport } from "../generated/ProblemReport";
import type { StoreStatus } from "../generated/StoreStatus";
import type { Strength } from "../generated/Strength";
import type { SyncStatus } from "../generated/SyncStatus";
import type { Design } from "../generated/Design";
import type { DesignSummary } from "../generated/DesignSummary";
import type { Flip } from "../generated/Flip";
import type { Layout } from "../generated/Layout";
import type { Preview } from "../generated/Preview";
import type { PreviewHeader } from "../generated/PreviewHeader";
import type { PrintPass } from "../generated/PrintPass";
import type { RenderReport } from "../generated/RenderReport";
import type { SavedDesign } from "../generated/SavedDesign";
import type { SchemeChoice } from "../generated/SchemeChoice";
import type { TemplateSummary } from "../generated/TemplateSummary";
import type { SignatureAdded } from "../generated/SignatureAdded";
import type { ColumnMapping } from "../generated/ColumnMapping";
import type { CsvImportOutcome } from "../generated/CsvImportOutcome";
import type { CsvPreview } from "../generated/CsvPreview";
import type { ExportKind } from "../generated/ExportKind";
import type { KioskView } from "../generated/KioskView";
import type { HandInList } from "../generated/HandInList";
import type { ListFilter } from "../generated/ListFilter";
import type { MergeOutcome } from "../generated/MergeOutcome";
import type { NewSignature } from "../generated/NewSignature";
import type { PersonMatch } from "../generated/PersonMatch";
import type { PersonQuery } from "../generated/PersonQuery";
import type { Petition } from "../generated/Petition";
import type { PetitionDraft } from "../generated/PetitionDraft";
import type { PetitionStatus } from "../generated/PetitionStatus";
import type { PetitionSummary } from "../generated/PetitionSummary";
import type { PostcodeCheck } from "../generated/PostcodeCheck";
import type { PrivacyNotice } from "../generated/PrivacyNotice";
import type { Progress } from "../generated/Progress";
import type { RetentionReminder } from "../generated/RetentionReminder";
import type { Review } from "../generated/Review";
import type { SheetBatch } from "../generated/SheetBatch";
import type { SheetStatus } from "../generated/SheetStatus";
import type { SheetSummary } from "../generated/SheetSummary";
import type { Signature } from "../generated/Signature";
import type { SignaturePage } from "../generated/SignaturePage";
import type { SignerInput } from "../generated/SignerInput";
import type { Stall } from "../generated/Stall";
import type { StallDraft } from "../generated/StallDraft";
import type { EmailDraft } from "../generated/EmailDraft";
import type { PaperworkPreview } from "../generated/PaperworkPreview";
import type { PaperworkSummary } from "../generated/PaperworkSummary";
import type { PaperworkTemplate } from "../generated/PaperworkTemplate";
import type { PaperworkText } from "../generated/PaperworkText";
import type { PeopleColumns } from "../generated/PeopleColumns";
import type { PeopleCsvPreview } from "../generated/PeopleCsvPreview";
import type { Person } from "../generated/Person";
import type { PersonDetails } from "../generated/PersonDetails";
import type { SavedPaperwork } from "../generated/SavedPaperwork";
import type { SentHow } from "../generated/SentHow";
import { strings } from "./strings";

/** Thrown by every call that fails; carries a plain message and a code. */
export class Problem extends Error {
  readonly report: ProblemReport;
  constructor(report: ProblemReport) {
    super(report.message);
    this.report = report;
  }
}

function isReport(value: unknown): value is ProblemReport {
  return typeof value === "object" && value !== null && "code" in value && "message" in value;
}

/** Any failure becomes a Problem with plain words; raw error text never reaches the screen. */
export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  if (isReport(error)) return new Problem(error);
  console.error("Unexpected error", error);
  return new Problem({ code: "internal", message: strings.errors.generic, fields: [] });
}

/** A live preview: the PDF as bytes, and what Rust said about it. */
export type LivePreview = PreviewHeader & { pdf: Uint8Array };

/** Reads the preview's raw answer, laid out by `Rendered::into_preview_frame` in Rust: the
 * header's length (4 bytes, little end first), the header as JSON, then the PDF. */
export function unframePreview(buffer: ArrayBuffer): LivePreview {
  const length = new DataView(buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length))) as PreviewHeader;
  return { ...header, pdf: new Uint8Array(buffer, 4 + length) };
}

async function call<T>(
  command: string,
  args?: Record<string, unknown> | Uint8Array,
  headers?: Record<string, string>,
): Promise<T> {
  try {
    return await invoke<T>(command, args, headers ? { headers } : undefined);
  } catch (error) {
    throw toProblem(error);
  }
}

export const api = {
  appStatus: () => call<StoreStatus>("app_status"),
  restoreBackup: () => call<StoreStatus>("restore_backup"),
  protectionStrength: (passphrase: string) => call<Strength>("protection_strength", { passphrase }),
  protectionUnlock: (secret: string) => call<StoreStatus>("protection_unlock", { secret }),
  protectionTurnOn: (passphrase: string, confirm: string, sheet: string) =>
    call<null>("protection_turn_on", { passphrase, confirm, sheet }),
  protectionChange: (secret: string, passphrase: string, confirm: string) =>
    call<null>("protection_change", { secret, passphrase, confirm }),
  protectionTurnOff: (secret: string) => call<null>("protection_turn_off", { secret }),
  groupGet: () => call<GroupProfile>("group_get"),
  groupSave: (details: GroupDetails) => call<GroupProfile>("group_save", { details }),
  groupSetLogo: (bytes: Uint8Array) => call<GroupProfile>("group_set_logo", bytes),
  groupRemoveLogo: () => call<BinItem>("group_remove_logo"),
  displayGet: () => call<Display>("display_get"),
  displaySet: (display: Display) => call<Display>("display_set", { display }),
  binList: () => call<BinItem[]>("bin_list"),
  binPutBack: (id: number) => call<BinItem>("bin_put_back", { id }),
  groupLogo: () => call<string | null>("group_logo"),
  briefingList: () => call<BriefingSummary[]>("briefing_list"),
  briefingGet: (origin: Origin, id: string) => call<Briefing>("briefing_get", { origin, id }),
  briefingSearch: (query: string) => call<SearchHit[]>("briefing_search", { query }),
  // The file travels as raw bytes; its name (for the title when it has none) in a header.
  // Header values must be plain ASCII, so the name is URI-encoded.
  // A pack gives several reports, a single file one.
  briefingImport: (bytes: Uint8Array, fileName: string) =>
    call<ImportReport[]>("briefing_import", bytes, { "x-file-name": encodeURIComponent(fileName) }),
  briefingDelete: (id: string) => call<BinItem>("briefing_delete", { id }),
  briefingGlossary: () => call<GlossaryEntry[]>("briefing_glossary"),
  briefingDraft: (origin: Origin, id: string) => call<BriefingDraft>("briefing_draft", { origin, id }),
  briefingSave: (draft: BriefingDraft) => call<string>("briefing_save", { draft }),
  briefingPreview: (draft: BriefingDraft) => call<Briefing>("briefing_preview", { draft }),
  briefingKeepDraft: (draft: BriefingDraft) => call<null>("briefing_keep_draft", { draft }),
  briefingKeptDraft: (id: string) => call<KeptDraft | null>("briefing_kept_draft", { id }),
  briefingForgetDraft: (id: string) => call<null>("briefing_forget_draft", { id }),
  /** Saves a pack of the group's own briefings (all of them if `ids` is empty) at `path`. */
  briefingExportPack: (path: string, ids: string[]) =>
    call<ExportReport>("briefing_export_pack", { path, ids }),
  presentOpenPresenter: (origin: Origin, id: string) => call<null>("present_open_presenter", { origin, id }),
  leafletTemplates: () => call<TemplateSummary[]>("leaflet_templates"),
  leafletSchemes: () => call<SchemeChoice[]>("leaflet_schemes"),
  leafletCanPrint: () => call<boolean>("leaflet_can_print"),
  leafletTestSheet: (landscape: boolean, flip: Flip, path: string) =>
    call<null>("leaflet_test_sheet", { landscape, flip, path }),
  designList: () => call<DesignSummary[]>("design_list"),
  designGet: (id: number) => call<SavedDesign>("design_get", { id }),
  designCreate: (template: string) => call<SavedDesign>("design_create", { template }),
  designSave: (id: number, name: string, design: Design) => call<SavedDesign>("design_save", { id, name, design }),
  designDuplicate: (id: number) => call<SavedDesign>("design_duplicate", { id }),
  leafletTemplatePicture: (template: string) => call<Preview>("leaflet_template_picture", { template }),
  designDelete: (id: number) => call<BinItem>("design_delete", { id }),
  designSetPhoto: (id: number, bytes: Uint8Array) =>
    call<SavedDesign>("design_set_photo", bytes, { "x-design-id": String(id) }),
  designRemovePhoto: (id: number) => call<SavedDesign>("design_remove_photo", { id }),
  designPreview: async (id: number, design: Design, layout: Layout) =>
    unframePreview(await call<ArrayBuffer>("design_preview", { id, design, layout })),
  designSavePdf: (id: number, design: Design, layout: Layout, path: string) =>
    call<RenderReport>("design_save_pdf", { id, design, layout, path }),
  designOpenPdf: (id: number, name: string, design: Design, layout: Layout) =>
    call<null>("design_open_pdf", { id, name, design, layout }),
  designPrint: (id: number, name: string, design: Design, layout: Layout, sheets: number, pass: PrintPass) =>
    call<string>("design_print", { id, name, design, layout, sheets, pass }),
  designExport: (id: number, path: string) => call<null>("design_export", { id, path }),
  designImport: (bytes: Uint8Array) => call<SavedDesign>("design_import", bytes),
  postcodeCheck: (text: string) => call<PostcodeCheck>("postcode_check", { text }),
  petitionList: () => call<PetitionSummary[]>("petition_list"),
  petitionNewDraft: () => call<PetitionDraft>("petition_new_draft"),
  petitionCreate: (draft: PetitionDraft) => call<Petition>("petition_create", { draft }),
  petitionUpdate: (id: number, draft: PetitionDraft) => call<Petition>("petition_update", { id, draft }),
  petitionGet: (id: number) => call<Petition>("petition_get", { id }),
  petitionDelete: (id: number) => call<BinItem>("petition_delete", { id }),
  petitionNotice: (id: number) => call<PrivacyNotice>("petition_notice", { id }),
  petitionSaveNotice: (id: number, text: string) => call<PrivacyNotice>("petition_save_notice", { id, text }),
  petitionSetStatus: (id: number, status: PetitionStatus, handedInOn: string | null) =>
    call<Petition>("petition_set_status", { id, status, handedInOn }),
  petitionProgress: (id: number) => call<Progress>("petition_progress", { id }),
  stallList: (petition: number) => call<Stall[]>("stall_list", { petition }),
  stallAdd: (petition: number, draft: StallDraft) => call<Stall>("stall_add", { petition, draft }),
  signatureAdd: (petition: number, signature: NewSignature) =>
    call<SignatureAdded>("signature_add", { petition, signature }),
  signatureList: (petition: number, filter: ListFilter) => call<SignaturePage>("signature_list", { petition, filter }),
  signatureCorrect: (id: number, signer: SignerInput) => call<Signature>("signature_correct", { id, signer }),
  signatureReview: (id: number, review: Review) => call<Signature>("signature_review", { id, review }),
  sheetsPrint: (petition: number, count: number, path: string) =>
    call<SheetBatch>("sheets_print", { petition, count, path }),
  sheetList: (petition: number) => call<SheetSummary[]>("sheet_list", { petition }),
  sheetSummary: (petition: number, sheet: number) => call<SheetSummary>("sheet_summary", { petition, sheet }),
  sheetSetStatus: (petition: number, sheet: number, status: SheetStatus, linesOnPaper: number | null) =>
    call<SheetSummary>("sheet_set_status", { petition, sheet, status, linesOnPaper }),
  // The file travels as raw bytes; the petition (and for the import, the confirmed column
  // choices and the stall) in headers.
  csvPreview: (petition: number, bytes: Uint8Array) =>
    call<CsvPreview>("petition_csv_preview", bytes, { "x-petition-id": String(petition) }),
  csvImport: (petition: number, bytes: Uint8Array, mapping: ColumnMapping, stall: number | null) =>
    call<CsvImportOutcome>("petition_csv_import", bytes, {
      "x-petition-id": String(petition),
      "x-mapping": encodeURIComponent(JSON.stringify(mapping)),
      ...(stall === null ? {} : { "x-stall-id": String(stall) }),
    }),
  csvExport: (petition: number, kind: ExportKind, path: string) =>
    call<number>("petition_csv_export", { petition, kind, path }),
  handInPack: (petition: number, list: HandInList, path: string) =>
    call<null>("petition_hand_in_pack", { petition, list, path }),
  bundleSave: (petition: number, path: string, passphrase: string | null) =>
    call<number>("petition_bundle_save", { petition, path, passphrase }),
  syncStatus: () => call<SyncStatus>("sync_status"),
  syncSetUp: (folder: string, passphrase: string, confirm: string, laptopName: string) =>
    call<SyncStatus>("sync_set_up", { folder, passphrase, confirm, laptopName }),
  syncStop: () => call<SyncStatus>("sync_stop"),
  syncNow: () => call<SyncStatus>("sync_now"),
  bundleCheckPassphrase: (passphrase: string, confirm: string) =>
    call<null>("petition_bundle_check_passphrase", { passphrase, confirm }),
  // The passphrase travels in a header beside the file's bytes, percent-encoded (headers are ASCII).
  bundleMerge: (bytes: Uint8Array, passphrase: string) =>
    call<MergeOutcome>("petition_bundle_merge", bytes, { "bundle-passphrase": encodeURIComponent(passphrase) }),
  personFind: (query: PersonQuery) => call<PersonMatch[]>("person_find", { query }),
  personExport: (ids: number[], path: string) => call<number>("person_export", { ids, path }),
  personErase: (ids: number[]) => call<number>("person_erase", { ids }),
  petitionErasePersonalData: (id: number) => call<number>("petition_erase_personal_data", { id }),
  retentionReminders: () => call<RetentionReminder[]>("retention_reminders"),
  kioskHasPin: () => call<boolean>("kiosk_has_pin"),
  kioskSetPin: (pin: string) => call<null>("kiosk_set_pin", { pin }),
  kioskOptions: () => call<KioskOptions>("kiosk_options"),
  kioskSetOptions: (options: KioskOptions) => call<null>("kiosk_set_options", { options }),
  kioskStart: (petition: number, stall: number | null) => call<KioskView>("kiosk_start", { petition, stall }),
  kioskCurrent: () => call<KioskView | null>("kiosk_current"),
  kioskSign: (signer: SignerInput) => call<null>("kiosk_sign", { signer }),
  kioskLeave: (pin: string) => call<null>("kiosk_leave", { pin }),
  paperworkTemplates: () => call<PaperworkTemplate[]>("paperwork_templates"),
  paperworkList: () => call<PaperworkSummary[]>("paperwork_list"),
  paperworkOverdue: () => call<PaperworkSummary[]>("paperwork_overdue"),
  paperworkCreate: (template: string) => call<SavedPaperwork>("paperwork_create", { template }),
  paperworkGet: (id: number) => call<SavedPaperwork>("paperwork_get", { id }),
  paperworkSave: (id: number, text: PaperworkText, recipients: number[]) =>
    call<SavedPaperwork>("paperwork_save", { id, text, recipients }),
  paperworkDelete: (id: number) => call<null>("paperwork_delete", { id }),
  paperworkPreview: (id: number, text: PaperworkText, recipients: number[]) =>
    call<PaperworkPreview>("paperwork_preview", { id, text, recipients }),
  paperworkSavePdf: (id: number, text: PaperworkText, recipients: number[], path: string) =>
    call<number>("paperwork_save_pdf", { id, text, recipients, path }),
  paperworkSaveWord: (id: number, text: PaperworkText, recipients: number[], path: string) =>
    call<null>("paperwork_save_word", { id, text, recipients, path }),
  paperworkEmail: (id: number, text: PaperworkText, recipients: number[]) =>
    call<EmailDraft>("paperwork_email", { id, text, recipients }),
  paperworkMarkSent: (id: number, on: string, how: SentHow) =>
    call<SavedPaperwork>("paperwork_mark_sent", { id, on, how }),
  paperworkMarkReplied: (id: number, on: string, text: string) =>
    call<SavedPaperwork>("paperwork_mark_replied", { id, on, text }),
  paperworkAttachReply: (id: number, name: string, bytes: Uint8Array) =>
    call<SavedPaperwork>("paperwork_attach_reply", bytes, {
      "x-document-id": String(id),
      "x-file-name": encodeURIComponent(name),
    }),
  paperworkSaveReplyFile: (id: number, path: string) => call<null>("paperwork_save_reply_file", { id, path }),
  paperworkMarkNoReply: (id: number) => call<SavedPaperwork>("paperwork_mark_no_reply", { id }),
  paperworkSaveTemplate: (text: PaperworkText, name: string) =>
    call<PaperworkTemplate>("paperwork_save_template", { text, name }),
  paperworkDeleteTemplate: (id: string) => call<null>("paperwork_delete_template", { id }),
  peopleList: () => call<Person[]>("people_list"),
  peopleSave: (id: number | null, details: PersonDetails) => call<Person>("people_save", { id, details }),
  peopleDelete: (id: number) => call<null>("people_delete", { id }),
  peopleCsvPreview: (bytes: Uint8Array) => call<PeopleCsvPreview>("people_csv_preview", bytes),
  peopleCsvImport: (bytes: Uint8Array, mapping: PeopleColumns) =>
    call<number>("people_csv_import", bytes, { "x-mapping": encodeURIComponent(JSON.stringify(mapping)) }),
  peopleCsvExport: (path: string) => call<number>("people_csv_export", { path }),
};

export type Api = typeof api;
