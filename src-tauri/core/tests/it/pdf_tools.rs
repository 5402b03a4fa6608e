//! The PDFs the tests make, read back with the tools a print shop or a screen reader would use:
//! `qpdf --check` for a sound file, then poppler's `pdftotext`, `pdffonts` and `pdfinfo` for
//! what is in it. Every part that makes a PDF reads it back the same way, from here.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where a test's PDFs go. Set `CAMPAIGN_KIT_KEEP_PDF` to a folder to look at them afterwards;
/// otherwise they go to a temporary folder that is removed when the test ends, so a run of
/// the suite leaves nothing behind in the system's temporary folder.
pub struct PdfFolder {
    path: PathBuf,
    _removed_when_dropped: Option<tempfile::TempDir>,
}

impl PdfFolder {
    pub fn new() -> Self {
        match std::env::var("CAMPAIGN_KIT_KEEP_PDF") {
            Ok(folder) => PdfFolder {
                path: PathBuf::from(folder),
                _removed_when_dropped: None,
            },
            Err(_) => {
                let temporary = tempfile::tempdir().expect("a temporary folder");
                PdfFolder {
                    path: temporary.path().to_path_buf(),
                    _removed_when_dropped: Some(temporary),
                }
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `NAME.pdf` and checks it with `qpdf --check`: a file that qpdf finds damaged
    /// fails the test, with qpdf's own words.
    pub fn save(&self, name: &str, pdf: &[u8]) -> PathBuf {
        let path = self.path.join(format!("{name}.pdf"));
        std::fs::write(&path, pdf).expect("the PDF is written");
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .expect("qpdf runs");
        assert!(
            check.status.success(),
            "{name}: qpdf --check failed: {}",
            String::from_utf8_lossy(&check.stdout)
        );
        path
    }
}

/// What a poppler tool printed for the PDF at `path`.
fn poppler(tool: &str, args: &[&str], path: &Path) -> String {
    let mut command = Command::new(tool);
    command.args(args).arg(path);
    if tool == "pdftotext" {
        command.arg("-"); // to standard output
    }
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed on {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text in reading order, as a screen reader or copy and paste gets it.
pub fn text(path: &Path) -> String {
    poppler("pdftotext", &["-enc", "UTF-8"], path)
}

/// The text as it is laid out on each page; pages are separated by a form feed.
pub fn text_as_laid_out(path: &Path) -> String {
    poppler("pdftotext", &["-layout", "-enc", "UTF-8"], path)
}

/// One word on a page and its box, in points from the page's top-left corner.
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub text: String,
    pub x_min: f32,
    pub y_min: f32,
    pub x_max: f32,
    pub y_max: f32,
}

/// Every word on every page, with where it landed (`pdftotext -bbox`).
pub fn words(path: &Path) -> Vec<Word> {
    let listing = poppler("pdftotext", &["-bbox", "-enc", "UTF-8"], path);
    let mut page = 0;
    let mut found = Vec::new();
    for line in listing.lines().map(str::trim) {
        if line.starts_with("<page") {
            page += 1;
        }
        let Some(rest) = line.strip_prefix("<word ") else {
            continue;
        };
        let attribute = |name: &str| -> f32 {
            let start = rest.find(&format!("{name}=\"")).expect("the attribute") + name.len() + 2;
            let end = rest[start..].find('"').expect("its closing quote") + start;
            rest[start..end].parse().expect("a number")
        };
        let text = rest
            .split_once('>')
            .and_then(|(_, word)| word.strip_suffix("</word>"))
            .unwrap_or("")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        found.push(Word {
            page,
            text,
            x_min: attribute("xMin"),
            y_min: attribute("yMin"),
            x_max: attribute("xMax"),
            y_max: attribute("yMax"),
        });
    }
    found
}

/// Whether the PDF lists at least one font and carries every font it uses (`pdffonts`): a PDF
/// that leans on the reader's own fonts looks different, or breaks, on another computer.
pub fn fonts_all_embedded(path: &Path) -> bool {
    let listing = poppler("pdffonts", &[], path);
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    !fonts.is_empty()
        && fonts
            .iter()
            .all(|line| line.split_whitespace().rev().nth(3) == Some("yes"))
}

/// What `pdfinfo` says about the whole file (title, tagging, page size, pages).
pub fn info(path: &Path) -> String {
    poppler("pdfinfo", &[], path)
}

/// The number of pages.
pub fn page_count(path: &Path) -> usize {
    info(path)
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("the number of pages")
}
