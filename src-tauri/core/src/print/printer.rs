//! Sending a PDF to the printer. Linux and macOS have CUPS `lp`, which takes copies, pages and
//! two-sided printing as options. Windows has no `lp`: its shell gives each kind of file a
//! "print" action (whatever PDF program is installed), which prints one copy with the
//! printer's usual settings and nothing more. So on Windows a single one-sided copy goes
//! straight to the printer, and anything else opens the PDF in the PDF program with the exact
//! settings to choose in its Print window. Where there is no way at all, the app offers
//! "Open" instead, and the PDF viewer's own Print.

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
    /// Windows: the PDF is open in the PDF program, because only its Print window can set
    /// copies, pages and two-sided printing.
    #[error(
        "The PDF is now open in your PDF program. Choose Print there (or press Ctrl and P), and set: {0}."
    )]
    ChooseInViewer(String),
}

impl Problem for PrinterError {
    fn code(&self) -> &'static str {
        match self {
            PrinterError::NoPrintCommand => "printer_none",
            PrinterError::Refused(_) => "printer_refused",
            PrinterError::ChooseInViewer(_) => "printer_choose_in_viewer",
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

/// Whether "Print" can reach a printer here: with `lp`, or through the Windows shell.
pub fn available() -> bool {
    cfg!(windows) || lp_path().is_some()
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

/// Sends the job; returns what the print system said (the job id from `lp`).
pub fn print(
    pdf: &Path,
    sheets: u32,
    pass: PrintPass,
    two_sided: Option<Flip>,
) -> Result<String, PrinterError> {
    if cfg!(windows) {
        return print_through_windows_shell(pdf, sheets, pass, two_sided);
    }
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

/// A program to run, with its arguments and one environment variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellCommand {
    pub program: &'static str,
    pub args: Vec<String>,
    pub env: (&'static str, String),
}

/// What the Windows shell should do with a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellVerb {
    /// Print one copy with the printer's usual settings, through the PDF program.
    Print,
    /// Open it in the PDF program.
    Open,
}

/// The command that asks the Windows shell to print or open a PDF. PowerShell's Start-Process
/// is on every Windows 10 and 11. The path travels in an environment variable, never inside
/// the script, so no file name (quotes, `$`, non-Latin letters) can change what runs.
pub fn windows_shell_command(pdf: &Path, verb: ShellVerb) -> ShellCommand {
    let verb = match verb {
        ShellVerb::Print => " -Verb Print",
        ShellVerb::Open => "",
    };
    let script = format!(
        "try {{ Start-Process -FilePath $env:CAMPAIGN_KIT_PDF{verb} -ErrorAction Stop }} catch {{ exit 1 }}"
    );
    ShellCommand {
        program: "powershell.exe",
        args: [
            "-NoProfile",
            "-NonInteractive",
            "-WindowStyle",
            "Hidden",
            "-Command",
            &script,
        ]
        .map(String::from)
        .to_vec(),
        env: ("CAMPAIGN_KIT_PDF", pdf.display().to_string()),
    }
}

/// Whether the Windows shell's print action can do this job as asked: it prints one copy of
/// every page with the printer's usual settings, so only a one-sided single copy.
pub fn shell_print_is_enough(sheets: u32, pass: PrintPass, two_sided: Option<Flip>) -> bool {
    sheets <= 1 && pass == PrintPass::Both && two_sided.is_none()
}

/// The settings to choose by hand in a PDF program's Print window, in its own words.
pub fn settings_to_choose(sheets: u32, pass: PrintPass, two_sided: Option<Flip>) -> String {
    let mut settings = vec![format!("Copies: {}", sheets.max(1))];
    match (pass, two_sided) {
        (PrintPass::Fronts, _) => settings.push("Pages: 1 only".into()),
        (PrintPass::Backs, _) => settings.push("Pages: 2 only".into()),
        (PrintPass::Both, Some(Flip::LongEdge)) => {
            settings.push("Print on both sides, flip on long edge".into())
        }
        (PrintPass::Both, Some(Flip::ShortEdge)) => {
            settings.push("Print on both sides, flip on short edge".into())
        }
        (PrintPass::Both, None) => settings.push("Print on one side".into()),
    }
    settings.push("Size: Actual size (not Fit)".into());
    settings.join("; ")
}

fn print_through_windows_shell(
    pdf: &Path,
    sheets: u32,
    pass: PrintPass,
    two_sided: Option<Flip>,
) -> Result<String, PrinterError> {
    if shell_print_is_enough(sheets, pass, two_sided)
        && run_shell(&windows_shell_command(pdf, ShellVerb::Print))
    {
        return Ok("one copy".into());
    }
    // More than the print action can do, or no PDF program that prints by itself (Edge, the
    // usual PDF viewer on Windows, only opens): open the PDF and say what to choose.
    if run_shell(&windows_shell_command(pdf, ShellVerb::Open)) {
        Err(PrinterError::ChooseInViewer(settings_to_choose(
            sheets, pass, two_sided,
        )))
    } else {
        Err(PrinterError::NoPrintCommand)
    }
}

fn run_shell(command: &ShellCommand) -> bool {
    let mut process = Command::new(command.program);
    process
        .args(&command.args)
        .env(command.env.0, &command.env.1);
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        // No console window flashing up over the app.
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        process.creation_flags(CREATE_NO_WINDOW);
    }
    process.output().is_ok_and(|output| output.status.success())
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

    #[test]
    fn windows_prints_through_the_shell_with_the_path_kept_out_of_the_script() {
        let pdf = Path::new(r"C:\Users\Siân\AppData\Local\Temp\campaign-kit\it's $5.pdf");
        let print = windows_shell_command(pdf, ShellVerb::Print);
        assert_eq!(print.program, "powershell.exe");
        let script = print.args.last().expect("script");
        assert!(script.contains("Start-Process -FilePath $env:CAMPAIGN_KIT_PDF -Verb Print"));
        assert!(!script.contains("Siân"), "the path is not in the script");
        assert_eq!(print.env, ("CAMPAIGN_KIT_PDF", pdf.display().to_string()));
        assert!(print.args.contains(&"-NonInteractive".to_string()));
        let open = windows_shell_command(pdf, ShellVerb::Open);
        assert!(!open.args.last().expect("script").contains("-Verb"));
    }

    #[test]
    fn windows_sends_only_a_single_one_sided_copy_straight_to_the_printer() {
        assert!(shell_print_is_enough(1, PrintPass::Both, None));
        assert!(!shell_print_is_enough(25, PrintPass::Both, None));
        assert!(!shell_print_is_enough(
            1,
            PrintPass::Both,
            Some(Flip::ShortEdge)
        ));
        assert!(!shell_print_is_enough(1, PrintPass::Fronts, None));
    }

    #[test]
    fn the_settings_to_choose_by_hand_match_the_job() {
        assert_eq!(
            settings_to_choose(25, PrintPass::Both, Some(Flip::ShortEdge)),
            "Copies: 25; Print on both sides, flip on short edge; Size: Actual size (not Fit)"
        );
        assert!(
            settings_to_choose(10, PrintPass::Backs, Some(Flip::LongEdge))
                .contains("Pages: 2 only")
        );
        assert!(
            settings_to_choose(0, PrintPass::Fronts, None).starts_with("Copies: 1; Pages: 1 only")
        );
    }
}
