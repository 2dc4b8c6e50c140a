//! The rule table: every code prism has ever used, in one place, in code order. A rule's file
//! declares everything but its code (`declare_rule!`); this table gives it one. Codes are
//! never reused: a dropped rule keeps its line, commented with the reason.
//!
//! Prefixes: `IDX` indexing and bounds checks, `MEM` memory, `ARI` arithmetic, `LOOP` loops,
//! `DEAD` code that does nothing, `UB` undefined results, `PRISM` prism itself.

use crate::lint::rules::*;
use crate::lint::{suppress, Rule};

/// `CODE => declared rule,` gives the rule its code: a `CODE` constant, and its place in
/// [`RULES`].
macro_rules! codes {
    ($($code:ident => $rule:expr,)*) => {
        $(pub(crate) const $code: &Rule = &$rule.with_code(stringify!($code));)*

        /// Every rule, in code order.
        pub const RULES: &[&Rule] = &[$($code),*];
    };
}

// A removed rule's line stays, commented, with the version and the reason:
// `// IDX006 => removed in 0.3.0: <why>`.
codes! {
    IDX001 => float_to_int_index::RULE,
    IDX002 => row_offset_indices::RULE,
    IDX003 => rechecked_index::RULE,
    IDX004 => read_zero_skip_write_in_loop::RULE,
    IDX005 => runtime_array_length_check::RULE,
    MEM001 => dynamically_written_local_array::RULE,
    ARI001 => signed_power_of_two_division::RULE,
    ARI002 => integer_division_by_variable::RULE,
    ARI003 => floor_before_int_conversion::RULE,
    ARI004 => pow_small_integer_exponent::RULE,
    ARI005 => length_comparison::RULE,
    ARI006 => signed_range_test::RULE,
    LOOP001 => loop_invariant_work::RULE,
    DEAD001 => unused_global::RULE,
    DEAD002 => unused_function::RULE,
    DEAD003 => unused_result::RULE,
    UB001 => derivative_in_non_uniform_control_flow::RULE,
    PRISM001 => suppress::UNUSED_SUPPRESSION,
}

/// `PRISM001`, which the engine runs itself once the suppressions are known.
pub const UNUSED_SUPPRESSION: &Rule = PRISM001;

/// The rule with this code (case-insensitive) or name.
pub fn rule_by_code(code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code) || r.name == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in RULES {
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
                "{}",
                rule.code
            );
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.name
            );
        }
    }

    /// The `codes! { ... }` lines of this file: `(code, removed)`, in order.
    fn table_lines() -> Vec<(String, bool)> {
        let source = include_str!("codes.rs");
        let start = source.find("\ncodes! {\n").expect("the codes! table") + 1;
        let end = start + source[start..].find("\n}\n").expect("the table's end");
        source[start..end]
            .lines()
            .skip(1)
            .map(|line| {
                let line = line.trim();
                let (line, removed) = match line.strip_prefix("// ") {
                    Some(comment) => (comment, true),
                    None => (line, false),
                };
                let (code, rest) = line.split_once(" => ").unwrap_or_else(|| {
                    panic!("codes.rs: `{line}` is neither `CODE => rule,` nor a removed code")
                });
                assert!(
                    !removed || rest.starts_with("removed in "),
                    "codes.rs: a commented code says `removed in VERSION: why`: {line}"
                );
                (code.to_string(), removed)
            })
            .collect()
    }

    #[test]
    fn codes_run_in_order_and_a_removed_code_keeps_its_line() {
        let lines = table_lines();
        let live: Vec<&str> = lines
            .iter()
            .filter(|(_, removed)| !removed)
            .map(|(code, _)| code.as_str())
            .collect();
        let rules: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        assert_eq!(live, rules);
        // Per prefix, live and removed codes together are 1, 2, 3, ... in table order, and
        // a prefix's lines are together: a code dropped without its comment leaves a gap, a
        // reused one comes twice.
        let mut prefixes: Vec<(&str, usize)> = Vec::new();
        for (code, _) in &lines {
            let digits = code.find(|c: char| c.is_ascii_digit()).unwrap();
            let (prefix, number) = code.split_at(digits);
            match prefixes.last_mut() {
                Some((last, count)) if *last == prefix => *count += 1,
                _ => {
                    assert!(
                        prefixes.iter().all(|(p, _)| *p != prefix),
                        "{code}: the {prefix} codes are split"
                    );
                    prefixes.push((prefix, 1));
                }
            }
            let expected = prefixes.last().unwrap().1;
            assert_eq!(
                number,
                format!("{expected:03}"),
                "{code}: expected {prefix}{expected:03} (codes are never reused or skipped)"
            );
        }
    }

    #[test]
    fn every_rule_doc_has_the_fixed_sections_in_order() {
        let sections = [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## Fix safety",
        ];
        for rule in RULES {
            let mut from = 0;
            for section in sections {
                let at = rule.doc[from..]
                    .find(section)
                    .unwrap_or_else(|| panic!("{}: missing or misplaced `{section}`", rule.code));
                from += at + section.len();
            }
            assert!(!rule.doc.contains("TODO"), "{}: unfinished doc", rule.code);
        }
    }
}
