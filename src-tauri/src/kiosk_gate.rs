//! The kiosk lock, at one place. Every command from the window passes this gate; while the
//! kiosk runs, only the kiosk's own commands get through. So a signer at the stall can reach
//! nothing but the signing form, even through the window's developer tools, and a command
//! added later is locked out by default rather than by remembering to add a check to it.

use campaign_kit_core::problem::ProblemReport;

/// What the kiosk screen itself needs: its state, signing, the postcode hint, leaving with
/// the PIN, and the app's own status check.
pub const KIOSK_COMMANDS: &[&str] = &[
    "app_status",
    "kiosk_current",
    "kiosk_has_pin",
    // How the window looks; the kiosk window may be reloaded and read it.
    "display_get",
    "kiosk_sign",
    "kiosk_leave",
    "postcode_check",
];

/// Whether `command` may run while the kiosk is running.
pub fn allowed_in_kiosk(command: &str) -> bool {
    KIOSK_COMMANDS.contains(&command)
}

/// The answer to any other command while the kiosk runs.
pub fn refusal() -> ProblemReport {
    ProblemReport {
        code: "kiosk_running".into(),
        message: "The kiosk is running. An organiser can leave it with the PIN.".into(),
        fields: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_kiosks_own_commands_pass() {
        for command in KIOSK_COMMANDS {
            assert!(allowed_in_kiosk(command));
        }
        for command in [
            "petition_list",
            "group_save",
            "restore_backup",
            "design_delete",
            "person_export",
            "protection_turn_off",
            "kiosk_start",
            "",
        ] {
            assert!(!allowed_in_kiosk(command), "{command}");
        }
    }
}
