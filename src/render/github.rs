//! GitHub Actions workflow commands: `::warning file=…,line=…,col=…,title=…::message`, which
//! GitHub shows on the pull request's diff.

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

pub fn github(reports: &[LintReport]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_would_split_on() {
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(data("line\nnext: 50%"), "line%0Anext: 50%25");
    }
}
