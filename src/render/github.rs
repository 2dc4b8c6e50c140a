//! GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`), which GitHub
//! shows on the pull request's diff: `prism lint --format github` and `prism check --format
//! github`. Both escape through `property` and `data`, written once here.

use std::fmt::Write as _;

use crate::check::{Change, CheckReport};
use crate::lint::{LintReport, Severity};

/// Escape a workflow-command property value (`%`, CR, LF, `:` and `,`).
fn property(value: &str) -> String {
    data(value).replace(':', "%3A").replace(',', "%2C")
}

/// Escape a workflow-command message (`%`, CR, LF).
fn data(value: &str) -> String {
    value
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// One annotation per finding, at its file and span.
pub fn lint(reports: &[LintReport]) -> String {
    let mut out = String::new();
    for finding in reports.iter().flat_map(|r| &r.findings) {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut position = format!("file={}", property(&finding.file));
        if finding.line > 0 {
            position.push_str(&format!(
                ",line={},col={},endLine={},endColumn={}",
                finding.line, finding.column, finding.end_line, finding.end_column
            ));
        }
        let mut message = finding.message.clone();
        for note in &finding.notes {
            message.push('\n');
            message.push_str(note);
        }
        if let Some(fix) = &finding.fix {
            message.push_str(&format!("\nfix ({}): {}", fix.applicability, fix.message));
        }
        out.push_str(&format!(
            "::{command} {position},title={}::{}\n",
            property(&format!("{} {}", finding.code, finding.rule)),
            data(&message)
        ));
    }
    out
}

/// An error per regression, a notice per improvement, a warning per shader added or removed.
pub fn check(report: &CheckReport) -> String {
    let c = &report.comparison;
    let mut out = String::new();
    let annotate = |out: &mut String, level: &str, change: &Change, verb: &str, tail: &str| {
        let _ = writeln!(
            out,
            "::{level} file={},title={}::{} {verb} from {} to {} ({}){tail}",
            property(&change.shader),
            property(&format!(
                "prism: {} {}",
                change.metric,
                if level == "error" {
                    "regressed"
                } else {
                    "improved"
                }
            )),
            data(&change.metric),
            change.old,
            change.new,
            change.percent()
        );
    };
    for r in &c.regressions {
        annotate(&mut out, "error", r, "grew", "");
    }
    for r in &c.improvements {
        annotate(
            &mut out,
            "notice",
            r,
            "fell",
            "; run --update to lock it in",
        );
    }
    for s in &c.added {
        let _ = writeln!(
            out,
            "::warning file={}::not in the shader cost baseline",
            property(s)
        );
    }
    for s in &c.removed {
        let _ = writeln!(
            out,
            "::warning::{} is in the baseline but was not found",
            data(s)
        );
    }
    for m in &c.metrics_changed {
        let _ = writeln!(out, "::warning::metric set changed: {}", data(m));
    }
    for f in &report.failed {
        let _ = writeln!(out, "::error::{} could not be measured", data(f));
    }
    let level = if report.fails_on_toolchain() {
        "error"
    } else {
        "warning"
    };
    for group in &c.not_comparable {
        let rerecord = report
            .rerecord
            .as_deref()
            .map(|command| format!("; re-record with: {command}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "::{level} title={}::{}{rerecord}",
            property("prism: toolchain changed"),
            data(&crate::render::text::not_comparable_line(group))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_would_split_on() {
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(data("line\nnext: 50%"), "line%0Anext: 50%25");
    }
}
