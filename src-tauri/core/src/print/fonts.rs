//! The fonts Campaign Kit prints with, compiled in so every laptop prints the same. Noto Sans
//! covers Latin (English, Welsh, Polish, Turkish…); the others are fallbacks for Arabic,
//! Urdu and Bengali. Licence: `resources/fonts/OFL.txt`.

use std::borrow::Cow;

use parley::fontique::Blob;
use parley::{FontContext, FontFamily};

static FONTS: &[&[u8]] = &[
    include_bytes!("../../../../resources/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../../../resources/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../../../resources/fonts/NotoSans-Italic.ttf"),
    include_bytes!("../../../../resources/fonts/NotoSans-BoldItalic.ttf"),
    include_bytes!("../../../../resources/fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../../../resources/fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../../../../resources/fonts/NotoNastaliqUrdu-Regular.ttf"),
    include_bytes!("../../../../resources/fonts/NotoNastaliqUrdu-Bold.ttf"),
    include_bytes!("../../../../resources/fonts/NotoSansBengali-Regular.ttf"),
    include_bytes!("../../../../resources/fonts/NotoSansBengali-Bold.ttf"),
];

/// The family list every text uses: the first font that has a character draws it.
pub fn family() -> FontFamily<'static> {
    FontFamily::Source(Cow::Borrowed(
        "Noto Sans, Noto Sans Arabic, Noto Nastaliq Urdu, Noto Sans Bengali",
    ))
}

/// A font context that knows only the bundled fonts (no system fonts, so output does not
/// depend on the laptop).
pub fn context() -> FontContext {
    let mut cx = FontContext::new();
    for data in FONTS {
        cx.collection
            .register_fonts(Blob::new(std::sync::Arc::new(*data)), None);
    }
    cx
}
