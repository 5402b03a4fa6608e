use crate::problem::Problem;

/// Why a briefing file could not be read, in words for the person importing it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BriefingError {
    #[error("That file is empty, so there is nothing to import.")]
    Empty,
    #[error("That file is too big to be a briefing (over 5 MB). Nothing was imported.")]
    TooLarge,
    #[error(
        "That file is not a text file (it may be a picture or a word-processor file). Save the briefing as Markdown (.md) or plain text (.txt) and try again."
    )]
    NotText,
    #[error(
        "That file's text is in an encoding Campaign Kit cannot read. Save it as UTF-8 text and try again."
    )]
    NotUtf8,
    #[error("Please give the briefing a title.")]
    TitleMissing,
    #[error("That title is too long. Please keep it to one line (200 letters at most).")]
    TitleTooLong,
    #[error("This briefing has no details block at the top (between +++ lines).")]
    NoFrontMatter,
    #[error("The details block at the top of this briefing has a mistake: {0}.")]
    FrontMatter(String),
}

impl Problem for BriefingError {
    fn code(&self) -> &'static str {
        match self {
            BriefingError::Empty => "briefing_empty",
            BriefingError::TooLarge => "briefing_too_large",
            BriefingError::NotText => "briefing_not_text",
            BriefingError::NotUtf8 => "briefing_not_utf8",
            BriefingError::TitleMissing => "briefing_title_missing",
            BriefingError::TitleTooLong => "briefing_title_too_long",
            BriefingError::NoFrontMatter | BriefingError::FrontMatter(_) => "briefing_front_matter",
        }
    }
}
