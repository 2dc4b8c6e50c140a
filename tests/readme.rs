//! README.md's rule table is generated from the rules' declarations (`declare_rule!` in each
//! rule's file, the codes from `src/lint/codes.rs`): this test fails when the README differs
//! and says how to regenerate it. `PRISM_BLESS_README=1` rewrites the table in place.

use std::path::Path;

use prism::lint::{render, RULES};

const BLESS: &str = "PRISM_BLESS_README=1 cargo test --test readme";

/// The byte range of the rule table in `readme`: from its header to the first line that is
/// not a table row.
fn table_range(readme: &str) -> std::ops::Range<usize> {
    let header = render::MARKDOWN_HEADER.lines().next().unwrap();
    let start = readme
        .find(&format!("\n{header}\n"))
        .map(|at| at + 1)
        .expect("README.md has no rule table (its header line changed?)");
    let mut end = start;
    for line in readme[start..].split_inclusive('\n') {
        if !line.starts_with('|') {
            break;
        }
        end += line.len();
    }
    start..end
}

#[test]
fn readme_rule_table_is_generated_from_the_declarations() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let range = table_range(&readme);
    let generated = render::rules_markdown(RULES);
    if readme[range.clone()] == generated {
        return;
    }
    if std::env::var("PRISM_BLESS_README").is_ok_and(|v| v.trim() == "1") {
        let mut updated = readme.clone();
        updated.replace_range(range, &generated);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    let differing: Vec<String> = readme[range]
        .lines()
        .zip(generated.lines())
        .filter(|(have, want)| have != want)
        .map(|(have, want)| format!("  README:    {have}\n  generated: {want}"))
        .collect();
    panic!(
        "README.md's rule table differs from the rules' declarations ({} rows in README, {} \
         generated); rewrite it with `{BLESS}` (or paste `prism rule --all --format \
         markdown`):\n{}",
        readme[table_range(&readme)].lines().count() - 2,
        generated.lines().count() - 2,
        differing.join("\n")
    );
}
