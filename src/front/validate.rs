//! naga's validator, as every front end's last step, with its errors at the user's lines.

use codespan_reporting::diagnostic::Label;

use crate::diagnostic::Diagnostic;
use crate::front::spans::SpanMap;
use crate::source::FileId;

/// The validator prism runs: every check naga has, every capability any target could need
/// (a target that lacks one reports it when writing).
pub fn validate(
    module: &naga::Module,
    spans: &SpanMap,
    root: FileId,
) -> Result<naga::valid::ModuleInfo, Diagnostic> {
    let mut validator = naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::all(),
    );
    validator.validate(module).map_err(|err| {
        let message = crate::back::error_chain(err.as_inner());
        // naga lists the enclosing function first and the offending expression last: the
        // last span is the one a user needs to see.
        let located: Vec<_> = err
            .spans()
            .filter_map(|(span, text)| Some((spans.to_user(*span)?, text.clone())))
            .collect();
        let last = located.len().saturating_sub(1);
        let labels: Vec<_> = located
            .into_iter()
            .enumerate()
            .map(|(i, (loc, text))| {
                let label = if i == last {
                    Label::primary(loc.file, loc.range())
                } else {
                    Label::secondary(loc.file, loc.range())
                };
                label.with_message(text)
            })
            .collect();
        let mut diagnostic = Diagnostic::error()
            .with_code("E-VALID")
            .with_message(format!("naga validation: {message}"))
            .with_labels(labels.clone());
        if labels.is_empty() {
            diagnostic = diagnostic.with_labels(vec![Label::primary(root, 0..0)]);
        }
        diagnostic
    })
}
