//! Broken variants of every fixture must end in diagnostics, never in an internal error
//! (a caught panic) or a hang. Mutations are deterministic (a fixed-seed generator), so a
//! failure reproduces.

mod common;

use prism::pipeline::{compile_text, CompileOptions};
use prism::shader::InputKind;

/// xorshift64*: small, deterministic, good enough to pick cut points.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ";",
    ",",
    "uniform ",
    "attribute ",
    "varying ",
    "in ",
    "out ",
    "layout(",
    "sampler2D ",
    "#define X(a) a a\n",
    "#if 1\n",
    "#endif\n",
    "gl_FragData[",
    "=",
    "texture2D(",
    "struct ",
    "precision ",
    ".",
    "\n",
    "0x",
    "1e",
    "/*",
    "\\\n",
    "#include \"x\"\n",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut bytes: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(3) {
            0 => {
                let len = rng.below(12).min(bytes.len() - at.min(bytes.len()));
                bytes.drain(at..at + len);
            }
            1 => {
                let snippet = SNIPPETS[rng.below(SNIPPETS.len())];
                for (k, c) in snippet.chars().enumerate() {
                    bytes.insert(at + k, c);
                }
            }
            _ => {
                let from = rng.below(bytes.len());
                let len = rng.below(40).min(bytes.len() - from);
                let copy: Vec<char> = bytes[from..from + len].to_vec();
                for (k, c) in copy.into_iter().enumerate() {
                    bytes.insert(at.min(bytes.len()) + k, c);
                }
            }
        }
    }
    bytes.into_iter().collect()
}

#[test]
fn mutated_fixtures_never_hit_an_internal_error() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut internal = Vec::new();
    let mut runs = 0;
    for dialect in ["webgl1", "webgl2", "desktop", "vulkan"] {
        for path in common::fixtures(dialect) {
            let Some((InputKind::Glsl, Some(stage))) = InputKind::from_path(&path) else {
                continue;
            };
            let text = std::fs::read_to_string(&path).unwrap();
            for _ in 0..40 {
                let mutated = mutate(&text, &mut rng);
                runs += 1;
                let result = compile_text(
                    "mutant",
                    &mutated,
                    InputKind::Glsl,
                    Some(stage),
                    &CompileOptions::default(),
                );
                if let Err(failure) = result {
                    if failure.kind() == "E-INTERNAL" {
                        internal.push(format!(
                            "{}: {}\n--- input ---\n{mutated}",
                            path.display(),
                            failure.diagnostics[0].message
                        ));
                    }
                }
            }
        }
    }
    assert!(runs > 2000, "only {runs} mutants");
    assert!(
        internal.is_empty(),
        "{} internal errors, first:\n{}",
        internal.len(),
        internal[0]
    );
}
