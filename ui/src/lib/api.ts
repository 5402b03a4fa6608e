// The one place the UI talks to the Rust side. Types come from src/generated (written by
// ts-rs from the Rust types), so the two sides cannot drift apart.

import { invoke } from "@tauri-apps/api/core";
import type { Briefing } from "../generated/Briefing";
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
import type { Design } from "../generated/Design";
import type { DesignSummary } from "../generated/DesignSummary";
import type { Flip } from "../generated/Flip";
import type { Layout } from "../generated/Layout";
import type { Preview } from "../generated/Preview";
import type { PrintPass } from "../generated/PrintPass";
import type { RenderReport } from "../generated/RenderReport";
import type { SavedDesign } from "../generated/SavedDesign";
import type { SchemeChoice } from "../generated/SchemeChoice";
import type { TemplateSummary } from "../generated/TemplateSummary";
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
  groupGet: () => call<GroupProfile>("group_get"),
  groupSave: (details: GroupDetails) => call<GroupProfile>("group_save", { details }),
  groupSetLogo: (bytes: Uint8Array) => call<GroupProfile>("group_set_logo", bytes),
  groupRemoveLogo: () => call<GroupProfile>("group_remove_logo"),
  groupLogo: () => call<string | null>("group_logo"),
  briefingList: () => call<BriefingSummary[]>("briefing_list"),
  briefingGet: (origin: Origin, id: string) => call<Briefing>("briefing_get", { origin, id }),
  briefingSearch: (query: string) => call<SearchHit[]>("briefing_search", { query }),
  // The file travels as raw bytes; its name (for the title when it has none) in a header.
  // Header values must be plain ASCII, so the name is URI-encoded.
  // A pack gives several reports, a single file one.
  briefingImport: (bytes: Uint8Array, fileName: string) =>
    call<ImportReport[]>("briefing_import", bytes, { "x-file-name": encodeURIComponent(fileName) }),
  briefingDelete: (id: string) => call<null>("briefing_delete", { id }),
  briefingGlossary: () => call<GlossaryEntry[]>("briefing_glossary"),
  briefingDraft: (origin: Origin, id: string) => call<BriefingDraft>("briefing_draft", { origin, id }),
  briefingSave: (draft: BriefingDraft) => call<string>("briefing_save", { draft }),
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
  designDelete: (id: number) => call<null>("design_delete", { id }),
  designSetPhoto: (id: number, bytes: Uint8Array) =>
    call<SavedDesign>("design_set_photo", bytes, { "x-design-id": String(id) }),
  designRemovePhoto: (id: number) => call<SavedDesign>("design_remove_photo", { id }),
  designPreview: (id: number, design: Design, layout: Layout) => call<Preview>("design_preview", { id, design, layout }),
  designSavePdf: (id: number, design: Design, layout: Layout, path: string) =>
    call<RenderReport>("design_save_pdf", { id, design, layout, path }),
  designOpenPdf: (id: number, name: string, design: Design, layout: Layout) =>
    call<null>("design_open_pdf", { id, name, design, layout }),
  designPrint: (id: number, name: string, design: Design, layout: Layout, sheets: number, pass: PrintPass) =>
    call<string>("design_print", { id, name, design, layout, sheets, pass }),
  designExport: (id: number, path: string) => call<null>("design_export", { id, path }),
  designImport: (bytes: Uint8Array) => call<SavedDesign>("design_import", bytes),
};

export type Api = typeof api;
