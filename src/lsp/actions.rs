//! Code actions: each lint fix on the requested range as one workspace edit, titled with
//! what it measured ("use `>> 4`: vega10 22 → 18 instructions (ARI001)"); safe fixes are
//! marked preferred. Fixes are measured in the background: until then a title says only
//! what the fix does.

use std::collections::HashMap;
use std::str::FromStr;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::analysis::FindingView;
use super::positions::LineIndex;

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The fixes of the findings that touch `range`.
pub fn actions(
    findings: &[FindingView],
    uri: &str,
    index: &LineIndex,
    range: Range,
) -> Vec<CodeActionOrCommand> {
    let Ok(uri) = Uri::from_str(uri) else {
        return Vec::new();
    };
    findings
        .iter()
        .filter(|f| overlaps(index.range(f.bytes.clone()), range))
        .filter_map(|finding| {
            let fix = finding.fix.as_ref()?;
            let edits: Vec<TextEdit> = fix
                .edits
                .iter()
                .map(|(bytes, text)| TextEdit::new(index.range(bytes.clone()), text.clone()))
                .collect();
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![finding.diagnostic.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..Default::default()
                }),
                is_preferred: Some(fix.preferred),
                ..Default::default()
            }))
        })
        .collect()
}
