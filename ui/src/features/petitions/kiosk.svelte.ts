// Whether the kiosk is showing. While it is, the app shows nothing else: no menu, and the
// Back key cannot leave it (the Rust side also refuses every other petition command).
export const kiosk = $state({ active: false });
