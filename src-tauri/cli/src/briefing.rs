//! `campaign-kit briefing …`: list, search and import briefings, and save the group's own as a
//! pack to share.

use std::io::Write;
use std::path::{Path, PathBuf};

use campaign_kit_core::briefings::library::{self, ImportOutcome, Origin};
use campaign_kit_core::briefings::own;
use campaign_kit_core::briefings::pack::MAX_PACK_BYTES;
use campaign_kit_core::files::read_limited;
use campaign_kit_core::words;
use clap::Subcommand;

use crate::{CliResult, explain};

#[derive(Debug, Subcommand)]
pub enum BriefingCommand {
    /// List every briefing, bundled and your group's own.
    List,
    /// Search all briefings; shows titles and the matching text.
    Search {
        /// The words to look for.
        #[arg(required = true, num_args = 1..)]
        words: Vec<String>,
    },
    /// Add a Markdown (.md) or plain-text (.txt) file, or a briefing pack (.zip), to your
    /// group's briefings.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Save your group's own briefings as one pack file to share with another group.
    ExportPack {
        /// Where to save the pack, for example our-briefings.zip.
        #[arg(value_name = "OUT")]
        out: PathBuf,
        /// Only these briefings (their ids, as `briefing list` shows); all of yours if none.
        #[arg(long = "id", value_name = "ID")]
        ids: Vec<String>,
    },
}

pub(crate) fn run(data_dir: &Path, command: BriefingCommand, out: &mut dyn Write) -> CliResult {
    let mut store = crate::open_synced(data_dir)?;
    let text = match command {
        BriefingCommand::List => {
            let mut text = String::new();
            for b in library::list(&store).map_err(|e| explain(&e))? {
                let whose = if b.origin == Origin::Group {
                    " (ours)"
                } else {
                    ""
                };
                text.push_str(&format!(
                    "{}{whose}\n  {}\n  id: {}\n",
                    b.title, b.summary, b.id
                ));
            }
            text
        }
        BriefingCommand::Search { words } => {
            let hits = library::search(&store, &words.join(" "), 20).map_err(|e| explain(&e))?;
            if hits.is_empty() {
                "No briefing mentions that. Try fewer or different words.\n".to_string()
            } else {
                let mut text = String::new();
                for hit in hits {
                    // Matched words in [brackets]: the terminal has no highlighting to rely on.
                    let snippet: String = hit
                        .snippet
                        .iter()
                        .map(|p| {
                            if p.highlighted {
                                format!("[{}]", p.text)
                            } else {
                                p.text.clone()
                            }
                        })
                        .collect();
                    let place = if hit.heading.is_empty() {
                        String::new()
                    } else {
                        format!(" > {}", hit.heading)
                    };
                    text.push_str(&format!(
                        "{}{place}\n  {}\n",
                        hit.title,
                        snippet.replace('\n', " ")
                    ));
                }
                text
            }
        }
        BriefingCommand::Import { file } => {
            // A briefing or a pack: the pack's limit is the larger.
            let bytes = read_limited(&file, MAX_PACK_BYTES as u64)
                .map_err(|e| format!("{} was not read: {e}", file.display()))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let reports = own::import_file(&mut store, &name, &bytes).map_err(|e| explain(&e))?;
            let mut text = String::new();
            for report in reports {
                let what = match report.outcome {
                    ImportOutcome::Added => "Added",
                    ImportOutcome::Updated => "Updated",
                    ImportOutcome::Unchanged => "Already there, unchanged:",
                };
                text.push_str(&format!(
                    "{what} \"{}\" (id: {})\n",
                    report.title, report.id
                ));
            }
            text
        }
        BriefingCommand::ExportPack { out, ids } => {
            let (bytes, report) = own::export_pack(&store, &ids).map_err(|e| explain(&e))?;
            own::save_pack_file(&out, &bytes).map_err(|e| explain(&e))?;
            format!(
                "Saved {} to {}: {}\n",
                words::count(report.count, "briefing", "briefings"),
                out.display(),
                report.titles.join(", ")
            )
        }
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())
}
