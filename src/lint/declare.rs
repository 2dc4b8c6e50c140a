//! `declare_rule!`: how a rule file declares its rule, as ruff's `#[violation]` and clippy's
//! `declare_clippy_lint!` do: its name, category, default, fix applicability, the version it
//! appeared in, a one-line summary, its README row, its check, and its documentation written
//! as `///` rustdoc with the fixed sections What it does / Why is this bad? / Example / Use
//! instead / Fix safety.
//!
//! In: the declaration. Out: a [`DeclaredRule`], a rule without a code. `codes.rs`, the one
//! table of codes, gives each declared rule its code and so makes the [`Rule`] the engine
//! runs, `prism rule` prints and the README's rule table is generated from.
//!
//! The traps:
//! - The documentation is the `///` lines as rustdoc reads them, each without the one space
//!   after `///`, joined with newlines and ending in one. Nothing is re-wrapped: a line of the
//!   comment is a line of `prism rule`'s output.
//! - The fields come in the order the macro lists them; the README fields (`default_note`,
//!   `fix_note`, `measured`) may be left out, the others may not.
//!
//! ```ignore
//! declare_rule! {
//!     /// ## What it does
//!     /// ...
//!     pub(crate) RULE = "floor-before-int-conversion",
//!     category: Cost, default: on Warning, fix: Safe, since: "0.1.0",
//!     summary: "`floor` of a non-negative value before converting it to an integer",
//!     fix_note: "drop `floor` (value proven ≥ 0)",
//!     measured: "dither, none: 34 → 33; 44 → 42 / 44 → 42",
//!     check: check,
//! }
//! ```

use crate::lint::Rule;

/// A rule as its file declares it: everything but the code, which only `codes.rs` assigns.
pub(crate) struct DeclaredRule(Rule);

impl DeclaredRule {
    /// For `declare_rule!`: `rule.code` is a placeholder that [`DeclaredRule::with_code`]
    /// replaces.
    pub(crate) const fn new(rule: Rule) -> Self {
        DeclaredRule(rule)
    }

    /// The rule under its code (`codes.rs`).
    pub(crate) const fn with_code(&self, code: &'static str) -> Rule {
        Rule { code, ..self.0 }
    }
}

/// Declares `$vis const $NAME: DeclaredRule`; see the module documentation for the fields.
/// `default:` is `on` or `off` followed by a [`Severity`](crate::lint::Severity) variant;
/// `fix:` an [`Applicability`](crate::lint::Applicability) variant or `None`.
macro_rules! declare_rule {
    (@enabled on) => { true };
    (@enabled off) => { false };
    (@fix None) => { None };
    (@fix $applicability:ident) => { Some($crate::lint::Applicability::$applicability) };
    (@note) => { None };
    (@note $note:literal) => { Some($note) };
    (
        $(#[doc = $doc:literal])*
        $vis:vis $const_name:ident = $name:literal,
        category: $category:ident,
        default: $enabled:ident $severity:ident,
        fix: $fix:ident,
        since: $since:literal,
        summary: $summary:literal,
        $(default_note: $default_note:literal,)?
        $(fix_note: $fix_note:literal,)?
        $(measured: $measured:literal,)?
        check: $check:expr $(,)?
    ) => {
        $(#[doc = $doc])*
        $vis const $const_name: $crate::lint::declare::DeclaredRule = {
            const RAW_DOC: &str = concat!($($doc, "\n"),*);
            const DOC: [u8; $crate::lint::declare::unindented_len(RAW_DOC)] =
                $crate::lint::declare::unindent(RAW_DOC);
            $crate::lint::declare::DeclaredRule::new($crate::lint::Rule {
                code: "",
                name: $name,
                category: $crate::lint::Category::$category,
                default_enabled: $crate::lint::declare::declare_rule!(@enabled $enabled),
                default_severity: $crate::lint::Severity::$severity,
                fix: $crate::lint::declare::declare_rule!(@fix $fix),
                since: $since,
                summary: $summary,
                doc: $crate::lint::declare::utf8(&DOC),
                default_note: $crate::lint::declare::declare_rule!(@note $($default_note)?),
                fix_note: $crate::lint::declare::declare_rule!(@note $($fix_note)?),
                measured: $crate::lint::declare::declare_rule!(@note $($measured)?),
                check: $check,
            })
        };
    };
}
pub(crate) use declare_rule;

/// Copies `raw` into `out` without each line's first space (rustdoc's `/// text` is
/// `" text"`), as far as `out` has room, and returns the length of the whole result.
const fn unindent_into(raw: &str, out: &mut [u8]) -> usize {
    let bytes = raw.as_bytes();
    let mut len = 0;
    let mut at = 0;
    let mut line_start = true;
    while at < bytes.len() {
        if !(line_start && bytes[at] == b' ') {
            if len < out.len() {
                out[len] = bytes[at];
            }
            len += 1;
        }
        line_start = bytes[at] == b'\n';
        at += 1;
    }
    len
}

/// The length of `raw` once each line's first space is dropped: [`unindent`]'s `N`.
pub(crate) const fn unindented_len(raw: &str) -> usize {
    unindent_into(raw, &mut [])
}

/// `raw` with each line's first space dropped.
pub(crate) const fn unindent<const N: usize>(raw: &str) -> [u8; N] {
    let mut out = [0u8; N];
    unindent_into(raw, &mut out);
    out
}

/// `bytes` as text; dropping ASCII spaces keeps UTF-8 valid, so this never fails.
pub(crate) const fn utf8(bytes: &'static [u8]) -> &'static str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("a rule's documentation is not UTF-8"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unindent_drops_one_space_per_line() {
        const RAW: &str = " ## What it does\n Finds `x`.\n\n   indented\n";
        const OUT: [u8; unindented_len(RAW)] = unindent(RAW);
        assert_eq!(utf8(&OUT), "## What it does\nFinds `x`.\n\n  indented\n");
    }
}
