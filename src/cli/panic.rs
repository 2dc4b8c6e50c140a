//! Panics that escape every panic boundary.
//!
//! The library catches panics where third-party code runs (compiling, writing a target,
//! annotating, each lint rule) and reports them as `E-INTERNAL` diagnostics, so the default
//! hook must not print a raw backtrace message for those. A panic anywhere else (the CLI, a
//! renderer, a worker thread) unwinds to `main`, which must still say what happened: the hook
//! records the message, where it was raised and the input being processed, and `main`
//! prints [`report`] and exits 2.
//!
//! The input is the one [`processing`] named on the panicking thread, else the command line.

use std::cell::RefCell;
use std::path::Path;
use std::sync::Mutex;

thread_local! {
    static INPUT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The last panic raised, as the hook saw it.
static LAST_PANIC: Mutex<Option<Record>> = Mutex::new(None);

struct Record {
    input: String,
    message: String,
    location: Option<String>,
}

/// Run `work` with `input` named as the input being processed on this thread.
pub fn processing<T>(input: &Path, work: impl FnOnce() -> T) -> T {
    let previous = INPUT.with(|i| i.replace(Some(input.display().to_string())));
    let result = work();
    INPUT.with(|i| *i.borrow_mut() = previous);
    result
}

fn message_of(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Replace the default hook: record, print nothing (see the module doc).
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let input = INPUT
            .with(|i| i.borrow().clone())
            .unwrap_or_else(|| format!("`{}`", command_line()));
        let record = Record {
            input,
            message: message_of(info.payload()),
            location: info.location().map(|l| l.to_string()),
        };
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(record);
        }
    }));
}

fn command_line() -> String {
    let mut args = std::env::args();
    let program = args.next().map(|p| {
        Path::new(&p)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(p)
    });
    program
        .into_iter()
        .chain(args)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The message for a panic that reached `main` with `payload`.
pub fn report(payload: &(dyn std::any::Any + Send)) -> String {
    let escaped = message_of(payload);
    // A panic caught at a boundary on another thread may have been recorded since.
    let record = LAST_PANIC
        .lock()
        .ok()
        .and_then(|mut last| last.take())
        .filter(|r| r.message == escaped);
    let (input, message, location) = match record {
        Some(r) => (r.input, r.message, r.location),
        None => (format!("`{}`", command_line()), escaped, None),
    };
    let at = location.map(|l| format!(" at {l}")).unwrap_or_default();
    format!(
        "error: internal error while processing {input}: {message}{at} (this is a bug in prism; please report it with the input)"
    )
}
