//! The briefing format: front matter, sections, speaker notes, and above all that nothing in
//! an imported file can run or reach out.

use campaign_kit_core::briefings::{
    BriefingError, MAX_BRIEFING_BYTES, parse, parse_import, sanitise_html, slug,
};
use campaign_kit_core::problem::Problem;

const SAMPLE: &str = r#"+++
id = "ics-in-two-minutes"
title = "ICSs in two minutes"
summary = "What Integrated Care Systems are."
audience = "Anyone new to the campaign"
facts_date = "June 2021"
version = 2

[[sources]]
title = "ICSs and the White Paper"
publisher = "Keep Our NHS Public"
url = "https://keepournhspublic.com/"
date = "June 2021"
+++

Text before the first heading.

## What is an ICS?

There are **42** of them in England.

::: notes
Pause here and ask who has heard of their local ICS.
:::

```
## not a heading: inside a code block
```

### Who runs it

| Board | Partnership |
| --- | --- |
| NHS | councils |
"#;

#[test]
fn front_matter_and_sections_are_read() {
    let b = parse(SAMPLE).unwrap();
    assert_eq!(b.meta.id, "ics-in-two-minutes");
    assert_eq!(b.meta.version, 2);
    assert_eq!(b.meta.facts_date, "June 2021");
    assert_eq!(b.meta.sources[0].publisher, "Keep Our NHS Public");
    let headings: Vec<(&str, u8)> = b
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.level))
        .collect();
    assert_eq!(
        headings,
        [("", 0), ("What is an ICS?", 2), ("Who runs it", 3)]
    );
    assert_eq!(b.sections[1].anchor, "s-2");
    assert!(b.sections[1].html.contains("<strong>42</strong>"));
    assert!(
        b.sections[1]
            .html
            .contains("not a heading: inside a code block")
    );
    assert!(b.sections[2].html.contains("<table>"));
}

#[test]
fn speaker_notes_are_kept_apart_from_the_slide() {
    let b = parse(SAMPLE).unwrap();
    let s = &b.sections[1];
    assert!(s.notes_html.as_deref().unwrap().contains("Pause here"));
    assert!(!s.html.contains("Pause here"));
    assert!(
        !b.plain_text().contains("Pause here"),
        "notes are not searched as briefing text"
    );
    assert!(b.sections[2].notes_html.is_none());
}

#[test]
fn plain_text_is_there_for_search() {
    let text = parse(SAMPLE).unwrap().plain_text();
    assert!(text.contains("There are 42 of them in England."));
    assert!(text.contains("Who runs it"));
    assert!(!text.contains("**"));
}

#[test]
fn scripts_handlers_and_remote_things_are_removed() {
    let hostile = r#"<script>alert(1)</script>
<img src=x onerror="alert(1)">
<img src="https://tracker.example/pixel.png" alt="tracker">
<img src="images/../../etc/passwd">
<img src="images/ward.png" alt="A ward">
<a href="javascript:alert(1)">click</a>
<a href="https://www.example.org/" onclick="steal()">source</a>
<iframe src="https://example.org"></iframe>
<style>body{display:none}</style>
<svg onload="alert(1)"><circle r="4"/></svg>
<form action="https://example.org"><input name="q"></form>
<p style="position:fixed" class="x" id="y">kept text</p>"#;
    let clean = sanitise_html(hostile);
    for banned in [
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "<iframe",
        "<style",
        "<svg",
        "<form",
        "<input",
        "style=",
        "tracker.example",
        "etc/passwd",
    ] {
        assert!(!clean.contains(banned), "{banned} survived in: {clean}");
    }
    assert!(
        clean.contains(r#"<img src="images/ward.png" alt="A ward">"#),
        "{clean}"
    );
    assert!(clean.contains(r#"href="https://www.example.org/""#));
    assert!(clean.contains(r#"rel="noopener noreferrer""#));
    assert!(clean.contains("kept text"));
}

#[test]
fn hostile_markdown_is_cleaned_too() {
    let md = "# Hi\n\n<script>alert('x')</script>\n\n![remote](https://evil.example/x.png)\n\n[bad](javascript:alert(1))\n\n<img src=x onerror=alert(1)>";
    let b = parse_import("hostile.md", md.as_bytes()).unwrap().0;
    let html = &b.sections[0].html;
    assert!(
        !html.contains("script")
            && !html.contains("onerror")
            && !html.contains("evil.example")
            && !html.contains("javascript"),
        "{html}"
    );
}

#[test]
fn an_import_without_front_matter_takes_its_title_from_the_first_heading_or_the_file() {
    let b = parse_import("notes.md", b"# Our local ICS\n\nThe board meets monthly.")
        .unwrap()
        .0;
    assert_eq!(b.meta.title, "Our local ICS");
    assert_eq!(b.meta.id, "our-local-ics");
    let b = parse_import("C:\\Users\\me\\meeting_notes.md", b"Just some text.")
        .unwrap()
        .0;
    assert_eq!(b.meta.title, "meeting notes");
}

#[test]
fn plain_text_is_imported_as_paragraphs_and_escaped() {
    let b = parse_import(
        "letter.txt",
        b"A letter to our MP\n\nDear Ms Smith,\nwe write about <the ICS> & more.\n\n# Yours",
    )
    .unwrap()
    .0;
    assert_eq!(b.meta.title, "A letter to our MP");
    let html = &b.sections[0].html;
    assert!(html.contains("&lt;the ICS&gt; &amp; more."), "{html}");
    assert!(
        html.contains("Dear Ms Smith,<br"),
        "line breaks are kept: {html}"
    );
    // A "#" typed in plain text stays a character; it never becomes a heading.
    assert!(html.contains("<p># Yours</p>"), "{html}");
    assert_eq!(b.sections.len(), 1);
}

#[test]
fn non_latin_text_and_a_byte_order_mark_are_fine() {
    let (b, _) = parse_import(
        "cy.md",
        "\u{feff}# Cadwch y GIG yn gyhoeddus\n\nیہ ہمارا این ایچ ایس ہے۔ ১০০ জন".as_bytes(),
    )
    .unwrap();
    assert_eq!(b.meta.title, "Cadwch y GIG yn gyhoeddus");
    assert!(b.plain_text().contains("یہ ہمارا این ایچ ایس ہے۔ ১০০ জন"));
}

#[test]
fn bad_files_are_refused_with_a_reason() {
    let cases: [(&str, Vec<u8>, BriefingError); 5] = [
        ("empty.md", Vec::new(), BriefingError::Empty),
        ("blank.md", b" \n\t\n".to_vec(), BriefingError::Empty),
        (
            "huge.md",
            vec![b'a'; MAX_BRIEFING_BYTES + 1],
            BriefingError::TooLarge,
        ),
        (
            "photo.md",
            vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13],
            BriefingError::NotText,
        ),
        (
            "latin1.txt",
            b"caf\xe9 and na\xefve".to_vec(),
            BriefingError::NotUtf8,
        ),
    ];
    for (name, bytes, expected) in cases {
        let err = parse_import(name, &bytes).expect_err(name);
        assert_eq!(err, expected, "{name}");
        assert!(!err.to_string().is_empty() && err.code().starts_with("briefing_"));
    }
}

#[test]
fn front_matter_mistakes_are_explained() {
    let missing_title = "+++\nid = \"x\"\ntitle = \"\"\n+++\nbody";
    assert!(
        parse(missing_title)
            .unwrap_err()
            .to_string()
            .contains("title is missing")
    );
    let bad_id = "+++\nid = \"Not OK!\"\ntitle = \"T\"\n+++\nbody";
    assert!(
        parse(bad_id)
            .unwrap_err()
            .to_string()
            .contains("lower-case")
    );
    let bad_url = "+++\nid = \"x\"\ntitle = \"T\"\n[[sources]]\ntitle = \"S\"\nurl = \"javascript:alert(1)\"\n+++\n";
    assert!(
        parse(bad_url)
            .unwrap_err()
            .to_string()
            .contains("not a web address")
    );
    let misspelt = "+++\nid = \"x\"\ntitle = \"T\"\nsumary = \"typo\"\n+++\n";
    assert!(parse(misspelt).unwrap_err().to_string().contains("sumary"));
    let broken = "+++\nid = \"x\ntitle = \"T\"\n+++\n";
    assert_eq!(parse(broken).unwrap_err().code(), "briefing_front_matter");
    assert_eq!(
        parse("# No details block").unwrap_err(),
        BriefingError::NoFrontMatter
    );
}

#[test]
fn slugs_are_plain_and_bounded() {
    assert_eq!(slug("ICSs in 2 minutes!"), "icss-in-2-minutes");
    assert_eq!(slug("!!!"), "briefing");
    assert!(slug(&"word ".repeat(100)).len() <= 60);
}
