// Campaign Kit's one program: with a command it works on the command line and exits; with
// none it opens the app window. See campaign_kit_cli::dispatch.

// On Windows, a release build is a window program: started from the Start menu it opens no
// black console window beside the app. (campaign-kit-cli.exe stays a console program.)
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use campaign_kit_cli::Outcome;

fn main() {
    #[cfg(windows)]
    if std::env::args_os().len() > 1 {
        attach_to_terminal();
    }
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    match campaign_kit_cli::dispatch(std::env::args_os(), &mut out, &mut err) {
        Outcome::Exit(code) => std::process::exit(code),
        Outcome::OpenWindow { data_dir } => campaign_kit::run(data_dir),
    }
}

/// A window program has no console of its own, so when it is given a command in a terminal it
/// borrows that terminal's, and what it prints shows there. Started any other way there is no
/// terminal to borrow, and nothing happens.
#[cfg(windows)]
fn attach_to_terminal() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole takes a process id, no pointers; it fails harmlessly when the
    // parent has no console.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}
