//! The terminal rendering: summary first, then findings; colour only when asked (on a TTY).

use crate::model::Report;
use std::fmt::Write as _;

fn paint(colour: bool, code: &str, text: &str) -> String {
    if colour {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// The report as terminal text.
pub fn render(report: &Report, colour: bool) -> String {
    let s = &report.summary;
    let mut out = String::new();
    let verdict = if s.is_clean {
        paint(colour, "32;1", "CLEAN")
    } else {
        paint(colour, "31;1", &format!("{} FINDING(S)", s.findings))
    };
    let _ = writeln!(out, "galette scan {}: {verdict}", report.run.url);
    let _ = writeln!(
        out,
        "  {} states, {} pages, {} cookie names, {} third-party origins; policy {} (revision {})",
        s.states,
        s.pages,
        s.cookies,
        s.third_party_origins,
        report.policy.source,
        report
            .policy
            .revision
            .map_or("unstated".to_owned(), |r| r.to_string())
    );
    let _ = writeln!(
        out,
        "  {} · galette {} · {} → {}{}",
        report.run.browser_product,
        report.run.galette_version,
        report.run.started_at,
        report.run.finished_at,
        if report.signature.is_some() {
            " · signed"
        } else {
            " · unsigned"
        }
    );
    for state in &report.states {
        let errors = state.pages.iter().filter(|p| p.error.is_some()).count();
        let _ = writeln!(
            out,
            "  {:<20} {} pages{}, {} cookies stored, {} third-party requests — {}",
            state.state,
            state.pages.len(),
            if errors > 0 {
                format!(" ({errors} failed)")
            } else {
                String::new()
            },
            state.cookies.len(),
            state.third_party_requests.len(),
            state.consent_note
        );
    }
    if !report.findings.is_empty() {
        let _ = writeln!(out, "\nFindings:");
        for f in &report.findings {
            let _ = writeln!(
                out,
                "  {} [{}] {}",
                paint(colour, "31", f.kind.code()),
                f.state,
                f.message
            );
            if let Some(page) = &f.page {
                let _ = writeln!(out, "      on {page}");
            }
        }
    }
    out
}
