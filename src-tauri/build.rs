// The Tauri configuration lives at the repository root (one place for the whole project).
// Every command the UI may call is listed here: each gets an `allow-*` permission, and
// capabilities/main.json grants exactly those to the main window, nothing more.
fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_status",
        "restore_backup",
        "group_get",
        "group_save",
        "group_set_logo",
        "group_remove_logo",
        "group_logo",
    ]);
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
