//! The Markdown rendering, for a pull-request comment.

use crate::model::Report;
use std::fmt::Write as _;

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The report as Markdown.
pub fn render(report: &Report) -> String {
    let s = &report.summary;
    let mut out = String::new();
    let verdict = if s.is_clean {
        "✅ clean".to_owned()
    } else {
        format!("❌ {} finding(s)", s.findings)
    };
    let _ = writeln!(out, "## Cookie scan of {}: {verdict}\n", report.run.url);
    let _ = writeln!(
        out,
        "{} consent states, {} pages, {} cookie names, {} third-party origins. Policy: `{}`. Browser: {}.\n",
        s.states,
        s.pages,
        s.cookies,
        s.third_party_origins,
        report.policy.source,
        report.run.browser_product
    );
    let _ = writeln!(
        out,
        "| State | Pages | Cookies stored | Third-party requests | Consent |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for st in &report.states {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            st.state,
            st.pages.len(),
            st.cookies.len(),
            st.third_party_requests.len(),
            cell(&st.consent_note)
        );
    }
    if !report.findings.is_empty() {
        let _ = writeln!(out, "\n### Findings\n");
        let _ = writeln!(out, "| Kind | State | Subject | What | Page |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for kind in super::kinds() {
            for f in report.findings.iter().filter(|f| f.kind == kind) {
                let _ = writeln!(
                    out,
                    "| `{}` | `{}` | `{}` | {} | {} |",
                    f.kind.code(),
                    f.state,
                    cell(&f.subject),
                    cell(&f.message),
                    cell(f.page.as_deref().unwrap_or(""))
                );
            }
        }
    }
    out
}
