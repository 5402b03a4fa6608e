//! The body text of a leaflet, as a volunteer types it: paragraphs separated by a blank line,
//! lines starting with "- " as bullets, `**bold**` and `*italic*`. It is read with
//! pulldown-cmark (already used for briefings), so the rules are Markdown's; anything else
//! Markdown can express (links, headings, code) prints as its plain words.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::text::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Bullet,
    /// A line starting with `#`: a short heading inside the body.
    Heading,
}

/// One paragraph, bullet or heading, with its bold and italic stretches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    pub spans: Vec<Span>,
}

/// Splits body text into blocks. Never fails: any text is some paragraphs.
pub fn blocks(body: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    let mut bold_from: Vec<usize> = Vec::new();
    let mut italic_from: Vec<usize> = Vec::new();
    let mut in_item = false;

    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Item) => in_item = true,
            Event::End(TagEnd::Item) => {
                in_item = false;
                finish(&mut current, &mut out);
            }
            // Inside a list item a paragraph is part of the bullet.
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if !in_item => {
                finish(&mut current, &mut out)
            }
            Event::Start(Tag::Heading { .. }) => finish(&mut current, &mut out),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(block) = current.as_mut() {
                    block.kind = BlockKind::Heading;
                }
                finish(&mut current, &mut out);
            }
            Event::Start(Tag::Strong) => bold_from.push(len(&current)),
            Event::End(TagEnd::Strong) => {
                if let Some(start) = bold_from.pop() {
                    add_span(&mut current, start, true, false);
                }
            }
            Event::Start(Tag::Emphasis) => italic_from.push(len(&current)),
            Event::End(TagEnd::Emphasis) => {
                if let Some(start) = italic_from.pop() {
                    add_span(&mut current, start, false, true);
                }
            }
            Event::Text(text) | Event::Code(text) | Event::InlineHtml(text) | Event::Html(text) => {
                push_text(&mut current, in_item, &text)
            }
            Event::SoftBreak => push_text(&mut current, in_item, " "),
            Event::HardBreak => push_text(&mut current, in_item, "\n"),
            _ => {}
        }
    }
    finish(&mut current, &mut out);
    out
}

fn len(current: &Option<Block>) -> usize {
    current.as_ref().map_or(0, |block| block.text.len())
}

fn push_text(current: &mut Option<Block>, in_item: bool, text: &str) {
    let kind = if in_item {
        BlockKind::Bullet
    } else {
        BlockKind::Paragraph
    };
    current
        .get_or_insert_with(|| Block {
            kind,
            text: String::new(),
            spans: Vec::new(),
        })
        .text
        .push_str(text);
}

fn add_span(current: &mut Option<Block>, start: usize, bold: bool, italic: bool) {
    if let Some(block) = current.as_mut()
        && start < block.text.len()
    {
        block.spans.push(Span {
            range: start..block.text.len(),
            bold,
            italic,
        });
    }
}

fn finish(current: &mut Option<Block>, out: &mut Vec<Block>) {
    if let Some(block) = current.take()
        && !block.text.trim().is_empty()
    {
        out.push(block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_bullets_bold_and_italic() {
        let body = "First para **bold** here.\n\n- one\n- *two*\n\nLast.";
        let got = blocks(body);
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].kind, BlockKind::Paragraph);
        assert_eq!(got[0].text, "First para bold here.");
        assert_eq!(got[0].spans[0].range, 11..15);
        assert!(got[0].spans[0].bold);
        assert_eq!(got[1].kind, BlockKind::Bullet);
        assert_eq!(got[1].text, "one");
        assert_eq!(got[2].text, "two");
        assert!(got[2].spans[0].italic);
        assert_eq!(got[3].text, "Last.");
    }

    #[test]
    fn hostile_and_empty_text_is_only_words() {
        assert!(blocks("").is_empty());
        assert!(blocks("   \n\n  ").is_empty());
        let got = blocks("<script>alert(1)</script>");
        assert_eq!(got[0].text, "<script>alert(1)</script>");
    }
}
