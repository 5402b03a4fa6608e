// Paths here are relative to the repository root, where Cargo.toml and tauri.conf.json live.
// The app's permissions (src-tauri/permissions) list every command the UI may call, and
// src-tauri/capabilities grants exactly those to the main window, nothing more. Declaring an
// app manifest is what makes Tauri refuse any command not granted.
fn main() {
    println!("cargo:rerun-if-changed=src-tauri/permissions");
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let manifest =
        tauri_build::AppManifest::new().permissions_path_pattern("src-tauri/permissions/*.toml");
    let attributes = tauri_build::Attributes::new()
        .config_path("tauri.conf.json")
        .capabilities_path_pattern("src-tauri/capabilities/*.json")
        .app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
