//! What every error shown to a user has in common: a stable code (for the UI and scripts to
//! act on) and a message in plain words (its `Display`).

use serde::Serialize;
use ts_rs::TS;

/// An error a person may see. `Display` must be plain English with a next step, no jargon.
pub trait Problem: std::fmt::Display {
    /// A short, stable, machine-readable code such as `"disk_full"`.
    fn code(&self) -> &'static str;

    /// Problems with particular form fields, so the UI can show each beside its field.
    fn field_problems(&self) -> Vec<FieldProblem> {
        Vec::new()
    }
}

/// One form field that needs fixing, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldProblem {
    /// The field's name as the UI knows it (camelCase, e.g. `contactEmail`).
    pub field: String,
    /// What is wrong, in plain words.
    pub message: String,
}

/// A problem as the UI receives it: every failed command answers with one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProblemReport {
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldProblem>,
}

impl ProblemReport {
    pub fn from_problem(problem: &dyn Problem) -> Self {
        ProblemReport {
            code: problem.code().to_string(),
            message: problem.to_string(),
            fields: problem.field_problems(),
        }
    }

    /// For failures inside the app itself (a worker thread that died): still plain words.
    pub fn internal(detail: &str) -> Self {
        ProblemReport {
            code: "internal".into(),
            message: format!(
                "Something went wrong inside Campaign Kit ({detail}). Nothing already saved has \
                 been lost. Please try again, or restart the app."
            ),
            fields: Vec::new(),
        }
    }
}

impl<P: Problem> From<P> for ProblemReport {
    fn from(problem: P) -> Self {
        ProblemReport::from_problem(&problem)
    }
}
