// `campaign-kit-cli`: the command line alone, without the window's libraries (WebKitGTK and
// friends take about 80 ms just to load). Scripts and benchmarks that run many commands use
// this; `campaign-kit COMMAND` does exactly the same, only starts slower.

use campaign_kit_cli::{Outcome, dispatch};

fn main() {
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    match dispatch(std::env::args_os(), &mut out, &mut err) {
        Outcome::Exit(code) => std::process::exit(code),
        Outcome::OpenWindow { .. } => {
            eprintln!(
                "campaign-kit-cli runs commands only: try campaign-kit-cli --help. To open the app, run campaign-kit."
            );
            std::process::exit(2);
        }
    }
}
