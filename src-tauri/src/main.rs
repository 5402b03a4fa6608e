// Campaign Kit's one program: with a command it works on the command line and exits; with
// none it opens the app window. See campaign_kit_cli::dispatch.

use campaign_kit_cli::Outcome;

fn main() {
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    match campaign_kit_cli::dispatch(std::env::args_os(), &mut out, &mut err) {
        Outcome::Exit(code) => std::process::exit(code),
        Outcome::OpenWindow { data_dir } => campaign_kit::run(data_dir),
    }
}
