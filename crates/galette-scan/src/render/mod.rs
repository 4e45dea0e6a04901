//! The report for people and machines: text for a terminal, JSON, Markdown for a pull
//! request comment, JUnit XML for CI systems.

mod junit;
mod markdown;
mod text;

use crate::model::Report;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Summary then findings, for a terminal.
    Text,
    /// The full report (`docs/scan-report.schema.json`).
    Json,
    /// A pull-request comment.
    Markdown,
    /// JUnit XML: one test case per consent state and finding kind.
    Junit,
}

impl Format {
    /// Reads `text`, `json`, `markdown` or `junit`.
    pub fn parse(code: &str) -> Option<Format> {
        match code.to_ascii_lowercase().as_str() {
            "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            "markdown" | "md" => Some(Self::Markdown),
            "junit" | "xml" => Some(Self::Junit),
            _ => None,
        }
    }
}

/// Renders a report; `colour` only applies to text.
pub fn render(report: &Report, format: Format, colour: bool) -> String {
    match format {
        Format::Text => text::render(report, colour),
        Format::Json => {
            let mut out = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_owned());
            out.push('\n');
            out
        }
        Format::Markdown => markdown::render(report),
        Format::Junit => junit::render(report),
    }
}

/// The finding kinds, in report order, for grouping.
fn kinds() -> [crate::model::FindingKind; 6] {
    use crate::model::FindingKind as K;
    [
        K::UndeclaredCookie,
        K::SetBeforeConsent,
        K::LifetimeLongerThanDeclared,
        K::WeakerAttributes,
        K::UndeclaredThirdParty,
        K::ThirdPartyWithoutConsent,
    ]
}
