//! Text edits applied to a file's text, in position order.

use crate::lint::finding::Edit;

/// Apply non-overlapping edits (by position; an edit overlapping an earlier one is left for
/// the next pass). Returns the new text and how many edits were applied.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.loc.start, e.loc.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    let mut applied = 0;
    for edit in sorted {
        let range = edit.loc.range();
        if range.start < at || range.end > text.len() || !text.is_char_boundary(range.start) {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&edit.replacement);
        at = range.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Loc;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            loc: Loc::new(0, start..end),
            replacement: replacement.to_string(),
        }
    }

    #[test]
    fn edits_apply_in_position_order_and_overlaps_wait_for_the_next_pass() {
        let text = "int a = i / 64; int b = i % 64;";
        let edits = [
            edit(24, 30, "i & 63"),
            edit(8, 14, "i >> 6"),
            edit(10, 14, "x"),
        ];
        let refs: Vec<&Edit> = edits.iter().collect();
        let (out, applied) = apply_edits(text, &refs);
        assert_eq!(out, "int a = i >> 6; int b = i & 63;");
        assert_eq!(applied, 2);
    }

    #[test]
    fn edits_past_the_end_are_skipped() {
        let edits = [edit(3, 99, "x")];
        let refs: Vec<&Edit> = edits.iter().collect();
        assert_eq!(apply_edits("abc", &refs), ("abc".to_string(), 0));
    }
}
