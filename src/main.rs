//! The `prism` binary: parse arguments, run, map the outcome to an exit code.
//! 0 clean, 1 findings (shaders that failed in `--check`), 2 errors.

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    cli::panic::install_hook();
    let handle = std::thread::Builder::new()
        .name("prism".into())
        .stack_size(cli::common::STACK_BYTES)
        .spawn(cli::main);
    match handle.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(payload)) => {
            eprintln!("{}", cli::panic::report(payload.as_ref()));
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("error: starting prism's main thread: {err}");
            ExitCode::from(2)
        }
    }
}
