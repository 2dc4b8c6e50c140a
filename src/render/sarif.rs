//! SARIF 2.1.0 (the format GitHub code scanning and most IDEs read), built from
//! `serde-sarif`'s types, which are generated from the OASIS schema. A test validates the
//! output against that schema.

use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, ArtifactLocation, Fix, Location, Message,
    MultiformatMessageString, PhysicalLocation, Region, Replacement, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use crate::lint::{Applicability, Finding, LintReport, Severity, RULES};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A path as a URI reference: forward slashes, reserved and non-ASCII bytes escaped.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    if path.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    }
}

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn rules() -> Vec<ReportingDescriptor> {
    RULES
        .iter()
        .map(|rule| {
            ReportingDescriptor::builder()
                .id(rule.code)
                .name(rule.name)
                .short_description(
                    MultiformatMessageString::builder()
                        .text(rule.summary)
                        .build(),
                )
                .full_description(
                    MultiformatMessageString::builder()
                        .text(rule.doc)
                        .markdown(rule.doc)
                        .build(),
                )
                .default_configuration(
                    ReportingConfiguration::builder()
                        .enabled(rule.default_enabled)
                        .level(serde_json::Value::from(level_name(rule.default_severity)))
                        .build(),
                )
                .build()
        })
        .collect()
}

fn fix(finding: &Finding) -> Option<Fix> {
    let fix = finding.fix.as_ref()?;
    if fix.applicability == Applicability::DisplayOnly || fix.edits.is_empty() {
        return None;
    }
    let file = finding.loc?.file;
    if fix.edits.iter().any(|e| e.loc.file != file) {
        return None;
    }
    let replacements: Vec<Replacement> = fix
        .edits
        .iter()
        .map(|edit| {
            Replacement::builder()
                .deleted_region(
                    Region::builder()
                        .byte_offset(edit.loc.start as i64)
                        .byte_length((edit.loc.end - edit.loc.start) as i64)
                        .build(),
                )
                .inserted_content(
                    ArtifactContent::builder()
                        .text(edit.replacement.clone())
                        .build(),
                )
                .build()
        })
        .collect();
    Some(
        Fix::builder()
            .description(
                Message::builder()
                    .text(format!("{} ({} fix)", fix.message, fix.applicability))
                    .build(),
            )
            .artifact_changes(vec![ArtifactChange::builder()
                .artifact_location(ArtifactLocation::builder().uri(uri(&finding.file)).build())
                .replacements(replacements)
                .build()])
            .build(),
    )
}

fn result(finding: &Finding) -> SarifResult {
    let mut text = finding.message.clone();
    for note in &finding.notes {
        text.push('\n');
        text.push_str(note);
    }
    let mut region = Region::builder().build();
    if finding.line > 0 {
        region = Region::builder()
            .start_line(finding.line as i64)
            .start_column(finding.column as i64)
            .end_line(finding.end_line as i64)
            .end_column(finding.end_column as i64)
            .build();
    }
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(ArtifactLocation::builder().uri(uri(&finding.file)).build())
                .region(region)
                .build(),
        )
        .build();
    let rule_index = RULES.iter().position(|r| r.code == finding.code);
    let mut result = SarifResult::builder()
        .rule_id(finding.code.clone())
        .level(level(finding.severity))
        .message(Message::builder().text(text).build())
        .locations(vec![location])
        .build();
    result.rule_index = rule_index.map(|i| i as i64);
    result.fixes = fix(finding).map(|f| vec![f]);
    result
}

/// One SARIF log with one run over every report.
pub fn lint(reports: &[LintReport]) -> String {
    let driver = ToolComponent::builder()
        .name("prism")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules())
        .build();
    let results: Vec<SarifResult> = reports
        .iter()
        .flat_map(|r| &r.findings)
        .map(result)
        .collect();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA_URI)
        .version(serde_json::Value::from("2.1.0"))
        .runs(vec![run])
        .build();
    let mut text = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("shaders/a b.frag"), "shaders/a%20b.frag");
        assert_eq!(uri("/abs/x.vert"), "file:///abs/x.vert");
        assert_eq!(uri("dir\\y.comp"), "dir/y.comp");
    }
}
