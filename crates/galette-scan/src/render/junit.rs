//! The JUnit XML rendering: a test suite per consent state, a test case per finding kind,
//! failed when the state has findings of that kind.

use crate::model::Report;
use std::fmt::Write as _;

fn xml(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&apos;".to_owned(),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => " ".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// The report as JUnit XML.
pub fn render(report: &Report) -> String {
    let kinds = super::kinds();
    let total = report.states.len() * kinds.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"galette scan {}\" tests=\"{total}\" failures=\"{}\">",
        xml(&report.run.url),
        report
            .states
            .iter()
            .map(|s| kinds
                .iter()
                .filter(|k| report
                    .findings
                    .iter()
                    .any(|f| f.state == s.state && f.kind == **k))
                .count())
            .sum::<usize>()
    );
    for state in &report.states {
        let failures = kinds
            .iter()
            .filter(|k| {
                report
                    .findings
                    .iter()
                    .any(|f| f.state == state.state && f.kind == **k)
            })
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">",
            xml(&state.state),
            kinds.len()
        );
        for kind in kinds {
            let found: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.state == state.state && f.kind == kind)
                .collect();
            let name = format!("no {}", kind.code().replace('_', " "));
            if found.is_empty() {
                let _ = writeln!(
                    out,
                    "    <testcase classname=\"{}\" name=\"{}\"/>",
                    xml(&state.state),
                    xml(&name)
                );
            } else {
                let body: Vec<String> = found.iter().map(|f| f.message.clone()).collect();
                let _ = writeln!(
                    out,
                    "    <testcase classname=\"{}\" name=\"{}\">\n      <failure message=\"{} finding(s)\" type=\"{}\">{}</failure>\n    </testcase>",
                    xml(&state.state),
                    xml(&name),
                    found.len(),
                    kind.code(),
                    xml(&body.join("\n"))
                );
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}
