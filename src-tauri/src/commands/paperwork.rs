//! Letters, motions, press releases and FOI requests, and the address book. Each command
//! moves the call onto a blocking thread and hands it to campaign-kit-core's `paperwork`;
//! the rules are all there. They are organisers' commands, refused while the kiosk runs.

use std::path::PathBuf;
use std::sync::Arc;

use campaign_kit_core::paperwork::PaperworkError;
use campaign_kit_core::paperwork::documents::{
    self, DocumentSummary, DocumentText, SavedDocument, SentHow,
};
use campaign_kit_core::paperwork::email::EmailDraft;
use campaign_kit_core::paperwork::outputs::{self, Inputs, PaperworkPreview};
use campaign_kit_core::paperwork::people::{self, Person, PersonDetails};
use campaign_kit_core::paperwork::people_csv::{self, PeopleColumns, PeopleCsvPreview};
use campaign_kit_core::paperwork::templates::{self, TemplateSummary};
use campaign_kit_core::problem::ProblemReport;
use campaign_kit_core::store::Store;
use tauri::State;
use tauri::ipc::Request;

use super::{Reply, blocking, header_number, header_text, raw_body};
use crate::state::AppState;

/// Runs `work` with the store (the kiosk gate in `lib.rs` has already refused it if the
/// kiosk is running).
async fn organiser<T: Send + 'static>(
    state: &State<'_, Arc<AppState>>,
    work: impl FnOnce(&mut Store) -> Result<T, PaperworkError> + Send + 'static,
) -> Reply<T> {
    blocking(state, move |s| s.with_store(work)).await
}

/// Loads what the document needs (holding the store briefly); `make` runs after.
async fn with_inputs<T: Send + 'static>(
    state: &State<'_, Arc<AppState>>,
    id: i64,
    recipients: Vec<i64>,
    make: impl FnOnce(&Inputs) -> Result<T, PaperworkError> + Send + 'static,
) -> Reply<T> {
    blocking(state, move |s| {
        let inputs = s.with_store(|store| Inputs::load(store, Some(id), &recipients))?;
        make(&inputs).map_err(ProblemReport::from)
    })
    .await
}

fn write(path: &std::path::Path, bytes: &[u8]) -> Result<(), PaperworkError> {
    campaign_kit_core::files::write_whole(path, bytes).map_err(PaperworkError::File)
}

#[tauri::command]
pub async fn paperwork_templates(state: State<'_, Arc<AppState>>) -> Reply<Vec<TemplateSummary>> {
    organiser(&state, |store| templates::summaries(store)).await
}

#[tauri::command]
pub async fn paperwork_list(state: State<'_, Arc<AppState>>) -> Reply<Vec<DocumentSummary>> {
    organiser(&state, |store| documents::list(store)).await
}

/// FOI requests past their due date with no reply, for the home screen.
#[tauri::command]
pub async fn paperwork_overdue(state: State<'_, Arc<AppState>>) -> Reply<Vec<DocumentSummary>> {
    organiser(&state, |store| {
        documents::overdue(store, documents::today())
    })
    .await
}

#[tauri::command]
pub async fn paperwork_create(
    state: State<'_, Arc<AppState>>,
    template: String,
) -> Reply<SavedDocument> {
    organiser(&state, move |store| documents::create(store, &template)).await
}

#[tauri::command]
pub async fn paperwork_get(state: State<'_, Arc<AppState>>, id: i64) -> Reply<SavedDocument> {
    organiser(&state, move |store| documents::get(store, id)).await
}

#[tauri::command]
pub async fn paperwork_save(
    state: State<'_, Arc<AppState>>,
    id: i64,
    text: DocumentText,
    recipients: Vec<i64>,
) -> Reply<SavedDocument> {
    organiser(&state, move |store| {
        documents::save(store, id, &text, &recipients)
    })
    .await
}

#[tauri::command]
pub async fn paperwork_delete(state: State<'_, Arc<AppState>>, id: i64) -> Reply<()> {
    organiser(&state, move |store| documents::delete(store, id)).await
}

#[tauri::command]
pub async fn paperwork_preview(
    state: State<'_, Arc<AppState>>,
    id: i64,
    text: DocumentText,
    recipients: Vec<i64>,
) -> Reply<PaperworkPreview> {
    with_inputs(&state, id, recipients, move |inputs| {
        Ok(outputs::preview(&text, inputs))
    })
    .await
}

/// Saves the PDF where the person chose; returns its number of pages.
#[tauri::command]
pub async fn paperwork_save_pdf(
    state: State<'_, Arc<AppState>>,
    id: i64,
    text: DocumentText,
    recipients: Vec<i64>,
    path: PathBuf,
) -> Reply<u32> {
    with_inputs(&state, id, recipients, move |inputs| {
        let rendered = outputs::pdf(&text, inputs);
        if rendered.pdf.is_empty() {
            return Err(PaperworkError::Output);
        }
        write(&path, &rendered.pdf)?;
        Ok(rendered.pages)
    })
    .await
}

/// Saves the Word file (a zip of them for several people) where the person chose.
#[tauri::command]
pub async fn paperwork_save_word(
    state: State<'_, Arc<AppState>>,
    id: i64,
    text: DocumentText,
    recipients: Vec<i64>,
    path: PathBuf,
) -> Reply<()> {
    with_inputs(&state, id, recipients, move |inputs| {
        let file = outputs::word(&text, inputs)?;
        write(&path.with_extension(file.extension), &file.bytes)
    })
    .await
}

#[tauri::command]
pub async fn paperwork_email(
    state: State<'_, Arc<AppState>>,
    id: i64,
    text: DocumentText,
    recipients: Vec<i64>,
) -> Reply<EmailDraft> {
    with_inputs(&state, id, recipients, move |inputs| {
        Ok(outputs::email(&text, inputs))
    })
    .await
}

/// `on` is `YYYY-MM-DD`.
#[tauri::command]
pub async fn paperwork_mark_sent(
    state: State<'_, Arc<AppState>>,
    id: i64,
    on: String,
    how: SentHow,
) -> Reply<SavedDocument> {
    organiser(&state, move |store| {
        documents::mark_sent(store, id, &on, how)
    })
    .await
}

#[tauri::command]
pub async fn paperwork_mark_replied(
    state: State<'_, Arc<AppState>>,
    id: i64,
    on: String,
    text: String,
) -> Reply<SavedDocument> {
    organiser(&state, move |store| {
        documents::mark_replied(store, id, &on, &text, None)
    })
    .await
}

/// The reply file as the raw body; the document in `x-document-id`, its name in
/// `x-file-name`.
#[tauri::command]
pub async fn paperwork_attach_reply(
    state: State<'_, Arc<AppState>>,
    request: Request<'_>,
) -> Reply<SavedDocument> {
    let data = raw_body(&request)?;
    let id = header_number(&request, "x-document-id").unwrap_or(-1);
    let name = header_text(&request, "x-file-name").unwrap_or_default();
    organiser(&state, move |store| {
        documents::attach_reply(store, id, &name, data)
    })
    .await
}

#[tauri::command]
pub async fn paperwork_save_reply_file(
    state: State<'_, Arc<AppState>>,
    id: i64,
    path: PathBuf,
) -> Reply<()> {
    organiser(&state, move |store| {
        match documents::reply_file(store, id)? {
            Some((_, bytes)) => write(&path, &bytes),
            None => Err(PaperworkError::NotReady(
                "No reply file is attached.".into(),
            )),
        }
    })
    .await
}

#[tauri::command]
pub async fn paperwork_mark_no_reply(
    state: State<'_, Arc<AppState>>,
    id: i64,
) -> Reply<SavedDocument> {
    organiser(&state, move |store| documents::mark_no_reply(store, id)).await
}

/// Keeps the words being written as one of the group's own templates, called `name`.
#[tauri::command]
pub async fn paperwork_save_template(
    state: State<'_, Arc<AppState>>,
    text: DocumentText,
    name: String,
) -> Reply<TemplateSummary> {
    organiser(&state, move |store| {
        let mut template = templates::get(store, &text.template)?;
        template.name = name;
        template.subject = text.title;
        template.body = text.body;
        template.notes = text.notes;
        template.embargo = text.embargo;
        template.questions = text.questions.into_iter().map(|q| q.text).collect();
        templates::save_own(store, template)
    })
    .await
}

#[tauri::command]
pub async fn paperwork_delete_template(state: State<'_, Arc<AppState>>, id: String) -> Reply<()> {
    organiser(&state, move |store| templates::delete_own(store, &id)).await
}

#[tauri::command]
pub async fn people_list(state: State<'_, Arc<AppState>>) -> Reply<Vec<Person>> {
    organiser(&state, |store| people::list(store)).await
}

/// Adds a person (`id` null) or saves changes to one.
#[tauri::command]
pub async fn people_save(
    state: State<'_, Arc<AppState>>,
    id: Option<i64>,
    details: PersonDetails,
) -> Reply<Person> {
    organiser(&state, move |store| people::save(store, id, &details)).await
}

#[tauri::command]
pub async fn people_delete(state: State<'_, Arc<AppState>>, id: i64) -> Reply<()> {
    organiser(&state, move |store| people::delete(store, id)).await
}

#[tauri::command]
pub async fn people_csv_preview(
    state: State<'_, Arc<AppState>>,
    request: Request<'_>,
) -> Reply<PeopleCsvPreview> {
    let data = raw_body(&request)?;
    organiser(&state, move |_| {
        people_csv::preview(&people_csv::decode(&data)?)
    })
    .await
}

/// The same file again, with the columns the organiser confirmed in `x-mapping` (JSON).
#[tauri::command]
pub async fn people_csv_import(
    state: State<'_, Arc<AppState>>,
    request: Request<'_>,
) -> Reply<u32> {
    let data = raw_body(&request)?;
    let mapping: PeopleColumns = header_text(&request, "x-mapping")
        .and_then(|v| serde_json::from_str(&v).ok())
        .ok_or_else(|| ProblemReport::internal("the column choices did not arrive"))?;
    organiser(&state, move |store| {
        people_csv::import(store, &people_csv::decode(&data)?, &mapping)
    })
    .await
}

#[tauri::command]
pub async fn people_csv_export(state: State<'_, Arc<AppState>>, path: PathBuf) -> Reply<usize> {
    organiser(&state, move |store| people_csv::save(store, &path)).await
}
