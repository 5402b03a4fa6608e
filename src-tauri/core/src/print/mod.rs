//! The print engine, growing with the leaflets issue: fonts bundled in `resources/fonts`,
//! text shaped and broken into lines by parley, and written to PDF by krilla (built on
//! pdf-writer), with every glyph carrying the text it came from so PDFs can be searched and
//! copied. So far: bundled fonts with fallback, and paragraphs.

pub mod fonts;
pub mod text;
