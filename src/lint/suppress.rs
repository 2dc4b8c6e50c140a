//! Inline suppression: `// prism: allow(CODE)` or `// prism: allow(CODE1, CODE2)`, or the
//! same in a one-line `/* prism: allow(CODE) */`.
//!
//! A comment alone on its line silences the listed codes on the next line; a comment after
//! (or before) code silences them on its own line. Suppressions that silenced nothing are reported
//! (`PRISM001`), so stale ones do not pile up.

use std::collections::HashSet;

use crate::lint::declare::declare_rule;
use crate::lint::finding::{Finding, Violation};
use crate::source::{Loc, SourceFiles};

declare_rule! {
    /// ## What it does
    /// Reports `// prism: allow(CODE)` comments that silenced no finding of `CODE` on their line
    /// (or, for a comment alone on its line, on the next line), and codes no rule has.
    ///
    /// ## Why is this bad?
    /// A suppression outlives the code it was written for. Once the pattern is gone, the comment
    /// silences the next instance someone writes there, and readers believe a cost is present that
    /// is not.
    ///
    /// ## Example
    /// ```glsl
    /// // prism: allow(ARI001)
    /// int tile = uint(i) / 64u;   // unsigned already: ARI001 cannot fire
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// int tile = uint(i) / 64u;
    /// ```
    ///
    /// ## Fix safety
    /// No fix: delete the comment by hand. Suppressions of rules that are not enabled are not
    /// reported (prism cannot tell whether they would be used).
    pub(crate) UNUSED_SUPPRESSION = "unused-suppression",
    category: Hygiene, default: on Warning, fix: None, since: "0.1.0",
    summary: "a `// prism: allow(...)` comment that silences nothing",
    check: |_, _| {},
}

/// One `allow(...)` comment.
struct Suppression {
    file: usize,
    /// Zero-based line whose findings it silences.
    target_line: usize,
    codes: Vec<(String, Loc)>,
}

/// The comments on one line as byte ranges of their bodies (`// body`, `/* body */`; a `/*`
/// left open is not read), and whether code lies outside them.
fn comments(text: &str) -> (Vec<std::ops::Range<usize>>, bool) {
    let mut bodies = Vec::new();
    let mut code = false;
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let Some(open) = [rest.find("//"), rest.find("/*")]
            .into_iter()
            .flatten()
            .min()
        else {
            code |= !rest.trim().is_empty();
            break;
        };
        code |= !rest[..open].trim().is_empty();
        let body_start = at + open + 2;
        if rest[open..].starts_with("//") {
            bodies.push(body_start..text.len());
            break;
        }
        match text[body_start..].find("*/") {
            Some(close) => {
                bodies.push(body_start..body_start + close);
                at = body_start + close + 2;
            }
            // A block comment that goes on past this line is prose, not a suppression: the
            // line it would aim at is still inside it.
            None => break,
        }
    }
    (bodies, code)
}

/// The codes of `allow(...)` in a comment body that is a suppression and nothing else
/// (`prism: allow(A, B)`; prose that mentions one does not count), as (code, byte range in
/// `body`).
fn allowed_codes(body: &str) -> Option<Vec<(String, std::ops::Range<usize>)>> {
    let rest = body.trim_start().strip_prefix("prism:")?;
    let list = rest.trim_start().strip_prefix("allow(")?;
    let close = list.find(')')?;
    let list_start = body.len() - list.len();
    let mut codes = Vec::new();
    let mut offset = list_start;
    for part in list[..close].split(',') {
        let code = part.trim();
        let start = offset + (part.len() - part.trim_start().len());
        if !code.is_empty() {
            codes.push((code.to_ascii_uppercase(), start..start + code.len()));
        }
        offset += part.len() + 1;
    }
    Some(codes)
}

fn parse(files: &SourceFiles) -> Vec<Suppression> {
    let mut out = Vec::new();
    for file_id in 0..files.len() {
        let file = files.get(file_id);
        for line_index in 0..file.line_count() {
            let Some(text) = file.line_text(line_index) else {
                continue;
            };
            if !text.contains("prism:") {
                continue;
            }
            let line_start = file.line_range(line_index).map(|r| r.start).unwrap_or(0);
            let (bodies, code) = comments(text);
            for body in bodies {
                let Some(codes) = allowed_codes(&text[body.clone()]) else {
                    continue;
                };
                let at = line_start + body.start;
                out.push(Suppression {
                    file: file_id,
                    // Alone on its line: the next line; beside code: its own.
                    target_line: if code { line_index } else { line_index + 1 },
                    codes: codes
                        .into_iter()
                        .map(|(c, r)| (c, Loc::new(file_id, at + r.start..at + r.end)))
                        .collect(),
                });
            }
        }
    }
    out
}

/// Drop suppressed findings. Returns the kept findings, how many were suppressed, and one
/// violation per code that silenced nothing, with that code. `is_rule_code` tells a code of
/// some rule from a typo (the rule table lists this file's rule: it cannot be imported here).
pub(super) fn apply(
    files: &SourceFiles,
    findings: Vec<Finding>,
    is_rule_code: impl Fn(&str) -> bool,
) -> (Vec<Finding>, usize, Vec<(Violation, String)>) {
    let suppressions = parse(files);
    if suppressions.is_empty() {
        return (findings, 0, Vec::new());
    }
    let mut used: HashSet<(usize, usize)> = HashSet::new();
    let mut kept = Vec::new();
    let mut suppressed = 0;
    for finding in findings {
        let hit = finding.loc.and_then(|loc| {
            let line = files.get(loc.file).line_index(loc.start as usize);
            suppressions.iter().enumerate().find_map(|(i, s)| {
                if s.file != loc.file || s.target_line != line {
                    return None;
                }
                let j = s.codes.iter().position(|(code, _)| *code == finding.code)?;
                Some((i, j))
            })
        });
        match hit {
            Some(key) => {
                used.insert(key);
                suppressed += 1;
            }
            None => kept.push(finding),
        }
    }
    let mut unused = Vec::new();
    for (i, suppression) in suppressions.iter().enumerate() {
        for (j, (code, loc)) in suppression.codes.iter().enumerate() {
            if used.contains(&(i, j)) {
                continue;
            }
            let message = if is_rule_code(code) {
                format!("unused suppression: no `{code}` finding here")
            } else {
                format!("unused suppression: `{code}` is not a prism rule code")
            };
            unused.push((Violation::new(message, Some(*loc)), code.clone()));
        }
    }
    (kept, suppressed, unused)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn only_comments_that_are_suppressions_count() {
        let mut files = SourceFiles::new();
        files.add(SourceFile::new(
            "a.frag",
            None,
            "int a; // prism: allow(ARI001, dead003)\n\
             // TODO prism: allow(ARI002)\n\
             //prism:allow(IDX001)\n\
             int b;\n",
        ));
        let found = parse(&files);
        let codes: Vec<(usize, Vec<&str>)> = found
            .iter()
            .map(|s| {
                (
                    s.target_line,
                    s.codes.iter().map(|c| c.0.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            codes,
            vec![(0, vec!["ARI001", "DEAD003"]), (3, vec!["IDX001"])]
        );
    }

    #[test]
    fn one_line_block_comments_suppress_and_locate_their_codes() {
        let mut files = SourceFiles::new();
        let text = "/* prism: allow(IDX001) */
                    int a; /* prism: allow(ARI001) */
                    /* prism: allow(UB001) */ int b;
                    /* prose */ int c; // prism: allow(LOOP001)
";
        files.add(SourceFile::new("a.frag", None, text));
        let found = parse(&files);
        let codes: Vec<(usize, &str, &str)> = found
            .iter()
            .flat_map(|s| {
                s.codes.iter().map(move |(code, loc)| {
                    let at = &text[loc.start as usize..loc.end as usize];
                    (s.target_line, code.as_str(), at)
                })
            })
            .collect();
        // A comment alone on its line aims at the next; one that shares a line with code
        // (after it or before it) aims at its own; every comment on a line is read.
        assert_eq!(
            codes,
            vec![
                (1, "IDX001", "IDX001"),
                (1, "ARI001", "ARI001"),
                (2, "UB001", "UB001"),
                (3, "LOOP001", "LOOP001"),
            ]
        );
    }
}
