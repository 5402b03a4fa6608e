//! From Markdown to sections of sanitised HTML. pulldown-cmark renders (CommonMark plus
//! tables); ammonia then removes anything that could run or reach out: scripts, event handlers,
//! styles, forms, frames, `javascript:` links and images from the web.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::Section;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Splits a Markdown body at its headings and renders each part.
pub fn sections(body: &str) -> Vec<Section> {
    let mut parts: Vec<(String, u8, Range<usize>)> = Vec::new(); // heading, level, body range
    let mut heading: Option<(u8, String)> = None;
    let mut body_start = 0;
    let mut current: (String, u8) = (String::new(), 0);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                parts.push((current.0.clone(), current.1, body_start..range.start));
                heading = Some((level_number(level), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    current = (text.trim().to_string(), level);
                }
                body_start = range.end;
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    parts.push((current.0, current.1, body_start..body.len()));

    parts
        .into_iter()
        .filter(|(heading, _, range)| !heading.is_empty() || !body[range.clone()].trim().is_empty())
        .enumerate()
        .map(|(i, (heading, level, range))| {
            let (main, notes) = split_notes(&body[range]);
            Section {
                heading,
                level,
                anchor: format!("s-{}", i + 1),
                html: render(&main),
                notes_html: notes.map(|n| render(&n)),
                text: plain_text(&main),
            }
        })
        .collect()
}

/// Plain text as Markdown: paragraphs at blank lines, line breaks kept, and a short first
/// line becomes the title heading. Every punctuation mark is escaped, so a `#` or `*` in the
/// text stays a character and never turns into formatting.
pub fn plain_text_to_markdown(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut paragraphs: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut out = String::new();
    if let Some(first) = paragraphs.first()
        && first.chars().count() <= 120
        && !first.contains('\n')
    {
        out.push_str(&format!("# {}\n\n", escape_markdown(first)));
        paragraphs.remove(0);
    }
    for p in paragraphs {
        let lines: Vec<String> = p.lines().map(|l| escape_markdown(l.trim())).collect();
        // A backslash at the end of a line is a Markdown line break.
        out.push_str(&lines.join("\\\n"));
        out.push_str("\n\n");
    }
    out
}

/// Escapes every ASCII punctuation mark, which CommonMark then reads as that character.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Takes `::: notes` … `:::` blocks out of a section, returning the rest and the notes.
fn split_notes(markdown: &str) -> (String, Option<String>) {
    let mut main = String::new();
    let mut notes = String::new();
    let mut in_notes = false;
    for line in markdown.lines() {
        let trimmed = line.trim();
        if !in_notes
            && trimmed.starts_with(":::")
            && trimmed.trim_start_matches(':').trim() == "notes"
        {
            in_notes = true;
        } else if in_notes && trimmed == ":::" {
            in_notes = false;
        } else if in_notes {
            notes.push_str(line);
            notes.push('\n');
        } else {
            main.push_str(line);
            main.push('\n');
        }
    }
    let notes = (!notes.trim().is_empty()).then_some(notes);
    (main, notes)
}

/// How deep lists, quotes and emphasis may nest in the HTML of a briefing. Real briefings
/// nest three or four deep; the HTML sanitiser slows down with the square of the depth, so a
/// few kilobytes of `- - - - …` once took seconds. Deeper nesting is flattened: the words stay.
const MAX_NESTING: usize = 32;

/// How many tags of raw HTML a section may hold before its raw HTML is shown as text. A
/// briefing written in the app has none; a file from elsewhere may have a few.
const MAX_RAW_HTML_TAGS: usize = 1_000;

fn render(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, bounded(Parser::new_ext(markdown, options())));
    sanitise_html(&html)
}

/// The events of a document, with nesting deeper than [`MAX_NESTING`] left out (its text
/// kept), and raw HTML turned into text when there is more of it than any briefing needs.
fn bounded<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let events: Vec<Event<'a>> = events.collect();
    let raw_tags: usize = events
        .iter()
        .map(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) => h.matches('<').count(),
            _ => 0,
        })
        .sum();
    let raw_as_text = raw_tags > MAX_RAW_HTML_TAGS;
    // For each open tag, whether it was passed on (so its end is passed on too).
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0;
    events.into_iter().filter_map(move |event| match event {
        Event::Start(tag) => {
            let keep = depth < MAX_NESTING;
            open.push(keep);
            if keep {
                depth += 1;
            }
            keep.then_some(Event::Start(tag))
        }
        Event::End(end) => {
            let kept = open.pop().unwrap_or(false);
            if kept {
                depth -= 1;
            }
            kept.then_some(Event::End(end))
        }
        Event::Html(h) | Event::InlineHtml(h) if raw_as_text => Some(Event::Text(h)),
        other => Some(other),
    })
}

fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_),
            ) => text.push('\n'),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// Keeps only plain document markup. Links may go to the web or to an email address (the UI
/// opens them in the system browser only when clicked); images only from inside a briefing
/// pack (`images/…`), never from the web.
pub fn sanitise_html(html: &str) -> String {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "del",
        "sup",
        "sub",
        "a",
        "blockquote",
        "code",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "img",
    ]
    .into_iter()
    .collect();
    let mut builder = ammonia::Builder::default();
    builder
        .tags(tags)
        .generic_attributes(HashSet::new())
        .tag_attributes(
            [
                ("a", ["href", "title"].into()),
                ("img", ["src", "alt"].into()),
            ]
            .into(),
        )
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" {
                let inside_pack =
                    value.starts_with("images/") && !value.contains("..") && !value.contains(':');
                return inside_pack.then(|| value.into());
            }
            Some(value.into())
        });
    builder.clean(html).to_string()
}
