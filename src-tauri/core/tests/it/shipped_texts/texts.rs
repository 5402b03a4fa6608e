//! Every text the app ships, as blocks of plain prose: the bundled briefings (their title,
//! summary, audience and body, speaker notes included) and the leaflet templates' words.
//! Lists of sources are left out: they are titles and addresses, not our sentences.

use std::fs;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// One shipped file and what it says.
pub struct ShippedText {
    /// The file's path under `resources/`, for messages.
    pub name: String,
    /// Paragraphs, headings, list items and table cells, each as plain text.
    pub blocks: Vec<String>,
    /// Titles of the sources the file cites: words copied inside them are allowed.
    pub source_titles: Vec<String>,
}

pub fn resources() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../resources")
}

/// All briefings and templates (leaflets, and letters and the like), in a stable order.
pub fn all() -> Vec<ShippedText> {
    let mut texts = Vec::new();
    for path in files_in(&resources().join("briefings"), "md") {
        texts.push(briefing(&path));
    }
    for path in files_in(&resources().join("templates"), "toml") {
        texts.push(template(&path));
    }
    for path in files_in(&resources().join("paperwork"), "toml") {
        texts.push(paperwork(&path));
    }
    texts
}

/// A letter, motion, press release or FOI template: its description and every word it
/// starts with. Details filled in later (`{group.name}`) are read as one short word.
fn paperwork(path: &Path) -> ShippedText {
    let file = fs::read_to_string(path).expect("a shipped template is UTF-8");
    let template = campaign_kit_core::paperwork::templates::Template::parse(&file)
        .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
    let mut blocks = vec![template.name, template.description, template.for_whom];
    for words in [
        template.subject,
        template.body,
        template.notes,
        template.embargo,
    ] {
        blocks.extend(markdown_blocks(&without_placeholders(&words)));
    }
    blocks.extend(template.questions.iter().map(|q| without_placeholders(q)));
    ShippedText {
        name: relative_name(path),
        blocks,
        source_titles: template.sources,
    }
}

fn without_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) {
        if close < open {
            break;
        }
        out.push_str(&rest[..open]);
        out.push_str("them");
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn files_in(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    paths.sort();
    paths
}

fn relative_name(path: &Path) -> String {
    let parent = path.parent().and_then(Path::file_name).unwrap_or_default();
    let file = path.file_name().unwrap_or_default();
    format!("{}/{}", parent.to_string_lossy(), file.to_string_lossy())
}

fn briefing(path: &Path) -> ShippedText {
    let file = fs::read_to_string(path).expect("a shipped briefing is UTF-8");
    let parsed = campaign_kit_core::briefings::parse(&file)
        .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
    let meta = parsed.meta;
    let mut blocks = vec![meta.title, meta.summary, meta.audience];
    blocks.extend(markdown_blocks(campaign_kit_core::briefings::body_of(
        &file,
    )));
    ShippedText {
        name: relative_name(path),
        blocks,
        source_titles: meta.sources.into_iter().map(|s| s.title).collect(),
    }
}

/// Template fields that are not prose: identifiers, colours, sizes, links, the sources line.
const TEMPLATE_FIELDS_NOT_PROSE: [&str; 3] = ["id", "qr_link", "sources"];

fn template(path: &Path) -> ShippedText {
    let file = fs::read_to_string(path).expect("a shipped template is UTF-8");
    let value: toml::Table =
        toml::from_str(&file).unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
    let mut blocks = Vec::new();
    for key in ["name", "description"] {
        if let Some(s) = value.get(key).and_then(toml::Value::as_str) {
            blocks.push(s.to_string());
        }
    }
    let mut source_titles = Vec::new();
    if let Some(text) = value.get("text").and_then(toml::Value::as_table) {
        for (key, field) in text {
            let Some(s) = field.as_str() else { continue };
            if key == "sources" {
                source_titles.push(s.to_string());
            } else if !TEMPLATE_FIELDS_NOT_PROSE.contains(&key.as_str()) {
                blocks.extend(markdown_blocks(s));
            }
        }
    }
    ShippedText {
        name: relative_name(path),
        blocks,
        source_titles,
    }
}

/// The plain text of each block of a Markdown body: a paragraph, heading, list item or table
/// cell. The `:::` fences around speaker notes are dropped; the notes themselves are kept.
pub fn markdown_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::Start(Tag::Item | Tag::TableCell)
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => flush(&mut current, &mut blocks),
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

/// Keeps a finished block. A speaker-notes fence ("::: notes" … ":::") can share a paragraph
/// with the notes' first or last line: the fence goes, the notes stay.
fn flush(current: &mut String, blocks: &mut Vec<String>) {
    let text = current.trim();
    let text = text.strip_prefix("::: notes").unwrap_or(text);
    let text = text.strip_suffix(":::").unwrap_or(text).trim();
    if !text.is_empty() {
        blocks.push(text.to_string());
    }
    current.clear();
}
