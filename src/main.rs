//! The `prism` binary: parse arguments, run, map the outcome to an exit code.
//! 0 clean, 1 findings (shaders that failed in `--check`), 2 errors.

use std::process::ExitCode;

mod cli;

/// naga's parsers recurse; give them room (the dialect layer also caps nesting depth).
const STACK_BYTES: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    let handle = std::thread::Builder::new()
        .name("prism".into())
        .stack_size(STACK_BYTES)
        .spawn(cli::main);
    match handle.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => ExitCode::from(2),
    }
}
