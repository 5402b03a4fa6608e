//! `campaign-kit letter …`: letters, motions, press releases and FOI requests from the
//! command line, and the address book.
//!
//! A letter file is a template file (TOML), as `letter new` writes it: change its words in
//! any text editor, then `letter render` it. In a file, every FOI question listed is asked.

use std::io::Write;
use std::path::{Path, PathBuf};

use campaign_kit_core::files::read_limited;
use campaign_kit_core::paperwork::documents::{self, DocumentSummary, DocumentText};
use campaign_kit_core::paperwork::outputs::{self, Inputs};
use campaign_kit_core::paperwork::templates::{self, Template};
use campaign_kit_core::paperwork::{people, people_csv};
use clap::Subcommand;

use crate::{CliResult, explain};

/// A letter file bigger than this is not a letter.
const MAX_LETTER_FILE_BYTES: u64 = 2 * 1024 * 1024;

#[derive(Debug, Subcommand)]
pub enum LetterCommand {
    /// List the templates: letters, motions, a press release, a public question, an FOI request.
    Templates,
    /// Save a template as a letter file, to change in a text editor and then render.
    New {
        /// The template id, as `letter templates` shows it.
        template: String,
        /// Where to save it (by default TEMPLATE.toml here).
        #[arg(short, long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Make a letter file (or a template, by its id) into a PDF or a Word file, for each
    /// person given with --to: one PDF with a letter each, or a .zip with a Word file each.
    Render {
        #[arg(value_name = "FILE")]
        file: String,
        /// Where to save: a name ending .pdf, .docx, or .zip (Word files for several people).
        #[arg(short, long, value_name = "OUT")]
        out: PathBuf,
        /// Someone in the address book, by name or number. Repeat it for a mail merge.
        #[arg(long = "to", value_name = "PERSON")]
        to: Vec<String>,
    },
    /// The address book.
    #[command(subcommand)]
    People(PeopleCommand),
    /// What the group has written, with its state; --overdue for FOI replies past their date.
    List {
        #[arg(long)]
        overdue: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Everyone in the address book, with their numbers.
    List,
    /// Add everyone in a spreadsheet (CSV), or no one if a row is wrong. Columns are matched
    /// by their names (Name, Role, Organisation, Address, Postcode, Email, Ward…).
    Import {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
}

pub(crate) fn run(data_dir: &Path, command: LetterCommand, out: &mut dyn Write) -> CliResult {
    let text = match command {
        LetterCommand::Templates => templates_list(data_dir)?,
        LetterCommand::New { template, out } => new_file(data_dir, &template, out)?,
        LetterCommand::Render { file, out, to } => render(data_dir, &file, &out, &to)?,
        LetterCommand::People(PeopleCommand::List) => people_list(data_dir)?,
        LetterCommand::People(PeopleCommand::Import { file }) => people_import(data_dir, &file)?,
        LetterCommand::List { overdue } => list(data_dir, overdue)?,
    };
    out.write_all(text.as_bytes())
        .map_err(|e| format!("could not write the output: {e}"))
}

fn templates_list(data_dir: &Path) -> Result<String, String> {
    let store = crate::open(data_dir)?;
    let mut text = String::new();
    for t in templates::summaries(&store).map_err(|e| explain(&e))? {
        text.push_str(&format!("{:<24} {}\n", t.id, t.name));
    }
    Ok(text)
}

fn new_file(data_dir: &Path, id: &str, out: Option<PathBuf>) -> Result<String, String> {
    let store = crate::open(data_dir)?;
    let template = templates::get(&store, id).map_err(|e| explain(&e))?;
    let path = out.unwrap_or_else(|| PathBuf::from(format!("{}.toml", template.id)));
    campaign_kit_core::files::write_whole(&path, template.to_file().as_bytes())?;
    let questions = if template.questions.is_empty() {
        ""
    } else {
        " Delete the questions you do not want to ask."
    };
    Ok(format!(
        "Saved {}. Change its words in a text editor (fill in the [blanks]).{questions} Then: \
         campaign-kit letter render {} -o letter.pdf --to \"NAME\"\n",
        path.display(),
        path.display()
    ))
}

/// A letter file, or a template by its id.
fn letter_text(
    store: &campaign_kit_core::store::Store,
    what: &str,
) -> Result<DocumentText, String> {
    let path = Path::new(what);
    let template = if path.is_file() {
        let bytes = read_limited(path, MAX_LETTER_FILE_BYTES)
            .map_err(|refused| format!("{what} was not read: {refused}."))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{what} is not a text file saved as UTF-8."))?;
        Template::parse(&text).map_err(|e| explain(&e))?
    } else {
        templates::get(store, what).map_err(|e| explain(&e))?
    };
    let mut text = DocumentText::from_template(&template);
    for question in &mut text.questions {
        question.chosen = true;
    }
    Ok(text)
}

fn render(data_dir: &Path, what: &str, out: &Path, to: &[String]) -> Result<String, String> {
    let store = crate::open(data_dir)?;
    let text = letter_text(&store, what)?;
    let mut ids = Vec::new();
    for person in to {
        ids.push(people::find(&store, person).map_err(|e| explain(&e))?.id);
    }
    let inputs = Inputs::load(&store, None, &ids).map_err(|e| explain(&e))?;
    drop(store);
    let extension = out
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let (bytes, warnings) = match extension.as_str() {
        "pdf" => {
            let rendered = outputs::pdf(&text, &inputs);
            (rendered.pdf, rendered.warnings)
        }
        "docx" | "zip" => {
            if (extension == "zip") != (ids.len() > 1) {
                return Err(
                    "Use a name ending .docx for one person (or none), and .zip for several."
                        .into(),
                );
            }
            let details = campaign_kit_core::paperwork::fill::Details {
                group: &inputs.group,
                person: inputs.people.first(),
                date: inputs.date,
            };
            let warnings = campaign_kit_core::paperwork::layout::warnings(&text, &details);
            (
                outputs::word(&text, &inputs)
                    .map_err(|e| explain(&e))?
                    .bytes,
                warnings,
            )
        }
        _ => return Err("Give a file name ending .pdf, .docx or .zip.".into()),
    };
    if bytes.is_empty() {
        return Err("The file could not be made. Nothing was saved; please try again.".into());
    }
    campaign_kit_core::files::write_whole(out, &bytes)?;
    let mut said = format!("Saved {}.\n", out.display());
    for warning in warnings {
        said.push_str(&format!("Note: {}\n", warning.message));
    }
    Ok(said)
}

fn people_list(data_dir: &Path) -> Result<String, String> {
    let store = crate::open(data_dir)?;
    let everyone = people::list(&store).map_err(|e| explain(&e))?;
    if everyone.is_empty() {
        return Ok("The address book is empty.\n".into());
    }
    let mut text = String::new();
    for p in everyone {
        let d = &p.details;
        let about: Vec<&str> = [d.role.as_str(), d.organisation.as_str(), d.area.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        text.push_str(&format!(
            "{:>4}  {}  ({})\n",
            p.id,
            d.name,
            about.join(", ")
        ));
    }
    Ok(text)
}

fn people_import(data_dir: &Path, file: &Path) -> Result<String, String> {
    let mut store = crate::open(data_dir)?;
    let csv = people_csv::read_file(file).map_err(|e| explain(&e))?;
    let mapping = people_csv::preview(&csv)
        .map_err(|e| explain(&e))?
        .suggested;
    let added = people_csv::import(&mut store, &csv, &mapping).map_err(|e| explain(&e))?;
    Ok(format!("Added {added} to the address book.\n"))
}

fn list(data_dir: &Path, overdue: bool) -> Result<String, String> {
    let store = crate::open(data_dir)?;
    let all: Vec<DocumentSummary> = if overdue {
        documents::overdue(&store, documents::today())
    } else {
        documents::list(&store)
    }
    .map_err(|e| explain(&e))?;
    if all.is_empty() {
        return Ok(if overdue {
            "Nothing is overdue.\n".into()
        } else {
            "Nothing written yet.\n".into()
        });
    }
    let mut text = String::new();
    for d in all {
        let state = match d.state {
            documents::State::Draft => "not sent",
            documents::State::Sent => "sent",
            documents::State::Replied => "replied",
            documents::State::NoReply => "no reply",
        };
        let mut line = format!("{:>4}  {}  [{state}]", d.id, d.title);
        if !d.to.is_empty() {
            line.push_str(&format!("  to {}", d.to));
        }
        if let Some(due) = &d.due_on
            && d.state == documents::State::Sent
        {
            line.push_str(&format!("  reply due {due}"));
        }
        if d.overdue {
            line.push_str("  OVERDUE");
        }
        text.push_str(&line);
        text.push('\n');
    }
    Ok(text)
}
