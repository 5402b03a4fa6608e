//! Sending a PDF to the printer with CUPS `lp` (Linux and macOS). Where there is no `lp`, the
//! app offers "Open" instead, and the PDF viewer's own Print.

use std::path::Path;
use std::process::Command;

use thiserror::Error;

use super::impose::Flip;
use crate::problem::Problem;

#[derive(Debug, Error)]
pub enum PrinterError {
    #[error("This computer has no print command (lp). Use \"Open\" and print from the PDF viewer.")]
    NoPrintCommand,
    #[error(
        "The printer did not take the job: {0}. Check it is switched on and set up, or use \"Open\" and print from the PDF viewer."
    )]
    Refused(String),
}

impl Problem for PrinterError {
    fn code(&self) -> &'static str {
        match self {
            PrinterError::NoPrintCommand => "printer_none",
            PrinterError::Refused(_) => "printer_refused",
        }
    }
}

/// Which pages go to the printer: all of them, or the fronts then the backs by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum PrintPass {
    /// Both sides, the printer turning the paper itself (or a one-sided design).
    Both,
    /// Page 1 only, for printing the backs by hand afterwards.
    Fronts,
    /// Page 2 only, once the printed stack is turned over and put back.
    Backs,
}

fn lp_path() -> Option<std::path::PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join("lp"))
        .find(|candidate| candidate.is_file())
}

pub fn available() -> bool {
    lp_path().is_some()
}

/// The `lp` arguments for a job, kept apart so they can be tested without a printer.
pub fn lp_arguments(
    pdf: &Path,
    sheets: u32,
    pass: PrintPass,
    two_sided: Option<Flip>,
) -> Vec<String> {
    let mut args = vec!["-n".to_string(), sheets.max(1).to_string()];
    match (pass, two_sided) {
        (PrintPass::Both, Some(Flip::LongEdge)) => {
            args.extend(["-o".into(), "sides=two-sided-long-edge".into()]);
        }
        (PrintPass::Both, Some(Flip::ShortEdge)) => {
            args.extend(["-o".into(), "sides=two-sided-short-edge".into()]);
        }
        (PrintPass::Fronts, _) => args.extend(["-o".into(), "page-ranges=1".into()]),
        (PrintPass::Backs, _) => args.extend(["-o".into(), "page-ranges=2".into()]),
        (PrintPass::Both, None) => args.extend(["-o".into(), "sides=one-sided".into()]),
    }
    // Never let the printer scale: the layout already clears its unprintable edge.
    args.extend(["-o".into(), "fit-to-page=false".into()]);
    args.push("--".into());
    args.push(pdf.display().to_string());
    args
}

/// Sends the job; returns what `lp` said (the job id) for the person to see.
pub fn print(
    pdf: &Path,
    sheets: u32,
    pass: PrintPass,
    two_sided: Option<Flip>,
) -> Result<String, PrinterError> {
    let lp = lp_path().ok_or(PrinterError::NoPrintCommand)?;
    let output = Command::new(lp)
        .args(lp_arguments(pdf, sheets, pass, two_sided))
        .output()
        .map_err(|e| PrinterError::Refused(e.to_string()))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
    } else {
        Err(PrinterError::Refused(
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_sided_jobs_ask_for_the_right_flip_and_manual_ones_for_one_page() {
        let pdf = Path::new("/tmp/a b.pdf");
        let args = lp_arguments(pdf, 100, PrintPass::Both, Some(Flip::ShortEdge));
        assert_eq!(
            &args[..4],
            &["-n", "100", "-o", "sides=two-sided-short-edge"]
        );
        assert_eq!(args.last().map(String::as_str), Some("/tmp/a b.pdf"));
        let backs = lp_arguments(pdf, 100, PrintPass::Backs, Some(Flip::ShortEdge));
        assert!(backs.contains(&"page-ranges=2".to_string()));
        assert!(!backs.iter().any(|a| a.starts_with("sides=")));
        let one = lp_arguments(pdf, 0, PrintPass::Both, None);
        assert_eq!(&one[..2], &["-n", "1"], "at least one copy");
    }
}
