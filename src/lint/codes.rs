//! The rule table: every code prism has ever used, in one place. Codes are never reused;
//! a dropped rule keeps its line, commented with the reason.
//!
//! Prefixes: `IDX` indexing and bounds checks, `MEM` memory, `ARI` arithmetic, `LOOP` loops,
//! `DEAD` code that does nothing, `UB` undefined results, `PRISM` prism itself.

use crate::lint::rules::*;
use crate::lint::{suppress, Rule};

/// Every rule, in code order.
pub const RULES: &[&Rule] = &[
    &float_to_int_index::RULE,
    &row_offset_indices::RULE,
    &rechecked_index::RULE,
    &read_zero_skip_write_in_loop::RULE,
    &runtime_array_length_check::RULE,
    &dynamically_written_local_array::RULE,
    &signed_power_of_two_division::RULE,
    &integer_division_by_variable::RULE,
    &floor_before_int_conversion::RULE,
    &pow_small_integer_exponent::RULE,
    &length_comparison::RULE,
    &signed_range_test::RULE,
    &loop_invariant_work::RULE,
    &unused_global::RULE,
    &unused_function::RULE,
    &unused_result::RULE,
    &derivative_in_non_uniform_control_flow::RULE,
    &suppress::UNUSED_SUPPRESSION,
];

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
