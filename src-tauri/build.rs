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
    place_start_up_code_together();
}

/// On Linux, the code the app runs while starting is placed side by side in the program
/// (src-tauri/start-up-order.txt, made by src-tauri/scripts/order-start-up-code.sh). Linux
/// maps a program's code into memory in blocks of 64 KiB or more around each place that
/// runs, and 3 MB of start-up code scattered over 21 MB mapped 13 MB of it (now 4 MB).
/// Names in the list that the build lacks (after an update, say) are skipped: the program
/// works the same, its start-up code is only less tidy.
fn place_start_up_code_together() {
    const ORDER: &str = "src-tauri/start-up-order.txt";
    println!("cargo:rerun-if-changed={ORDER}");
    println!("cargo:rerun-if-env-changed=CAMPAIGN_KIT_LINK_MAP");
    // Rust links x86-64 Linux programs with its own lld, which reads the list; other targets'
    // default linkers (GNU ld, Apple's) would refuse the option.
    let target_os = std::env::var("CARGO_CFG_TARGET_OS");
    let target_arch = std::env::var("CARGO_CFG_TARGET_ARCH");
    if target_os.as_deref() != Ok("linux") || target_arch.as_deref() != Ok("x86_64") {
        return;
    }
    // The script that makes the list needs to know where each function ended up.
    if let Ok(map) = std::env::var("CAMPAIGN_KIT_LINK_MAP") {
        println!("cargo:rustc-link-arg-bin=campaign-kit=-Wl,-Map={map}");
    }
    let Ok(order) = std::fs::canonicalize(ORDER) else {
        return;
    };
    println!(
        "cargo:rustc-link-arg-bin=campaign-kit=-Wl,--symbol-ordering-file={}",
        order.display()
    );
    println!("cargo:rustc-link-arg-bin=campaign-kit=-Wl,--no-warn-symbol-ordering");
}
