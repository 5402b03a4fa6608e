// The bundled briefings are compiled in (include_dir!). A proc macro cannot tell Cargo to
// watch a folder, so this does: adding or editing a briefing rebuilds the library.
fn main() {
    println!("cargo:rerun-if-changed=../../resources/briefings");
}
