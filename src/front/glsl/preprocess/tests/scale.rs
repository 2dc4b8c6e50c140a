//! Large inputs stay fast, and byte offsets stay the file's own.

use super::*;

#[test]
fn ten_thousand_lines_preprocess_quickly() {
    let mut source =
        String::from("#version 300 es\n#define MUL(a, b) ((a) * (b))\n#define K 0.5\n");
    for i in 0..10_000u32 {
        source.push_str(&format!(
            "float v{i} = MUL(K, {i}.0) + v{};\n",
            i.saturating_sub(1)
        ));
    }
    let start = std::time::Instant::now();
    let out = ok(&source);
    let elapsed = start.elapsed();
    assert_eq!(out.tokens.len(), 10_000 * 15);
    // Generous for unoptimized test builds; release builds take a few milliseconds.
    assert!(elapsed.as_secs_f64() < 2.0, "{elapsed:?}");
}

#[test]
fn a_byte_order_mark_is_skipped_and_offsets_stay_the_files() {
    let out = ok("\u{feff}#version 450\nvoid main() {}\n");
    assert!(
        out.version.is_some(),
        "#version after a BOM is still the first directive"
    );
    let first = &out.tokens[0];
    assert_eq!(first.loc.start, 16, "offsets count the BOM's three bytes");
}
