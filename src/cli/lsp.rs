//! `prism lsp`: the language server on stdin/stdout (see `prism::lsp`). This file owns the
//! transport: lsp-server's message reading and writing, on threads of ours so that one
//! malformed message is reported and skipped instead of closing the connection.

use std::io::Write;

use anyhow::Context as _;
use clap::Args;
use lsp_server::{Connection, Message, Notification};

use super::common::Outcome;

#[derive(Args, Debug)]
pub struct LspArgs {
    /// Accepted for editors that pass it (`prism lsp --stdio`); stdin/stdout is the only
    /// transport.
    #[arg(long)]
    pub stdio: bool,
}

pub fn run(_args: LspArgs) -> anyhow::Result<Outcome> {
    let worker = std::env::current_exe().context("finding prism's own executable")?;
    let (connection, writer) = stdio_connection();
    let options = prism::lsp::ServerOptions {
        isa_worker: Some(worker),
    };
    let result = prism::lsp::serve(connection, options);
    // The connection is dropped: the writer flushes what is queued and stops.
    let _ = writer.join();
    match result {
        Ok(()) => Ok(Outcome::Clean),
        Err(error) => {
            eprintln!("prism lsp: {error}");
            Ok(Outcome::Error)
        }
    }
}

/// A connection over stdin/stdout. The reader thread skips a message that is not JSON-RPC
/// (and tells the client with `window/logMessage`); it stops at end of input or `exit`.
fn stdio_connection() -> (Connection, std::thread::JoinHandle<()>) {
    let (to_server, from_client) = crossbeam_channel::unbounded::<Message>();
    let (to_client, from_server) = crossbeam_channel::unbounded::<Message>();
    let writer = std::thread::spawn(move || {
        let stdout = std::io::stdout();
        let mut stdout = stdout.lock();
        for message in from_server {
            if message.write(&mut stdout).is_err() {
                break;
            }
            let _ = stdout.flush();
        }
    });
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut stdin = stdin.lock();
        loop {
            match Message::read(&mut stdin) {
                Ok(Some(message)) => {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if to_server.send(message).is_err() || exit {
                        break;
                    }
                }
                Ok(None) => break,
                Err(error) if error.kind() == std::io::ErrorKind::InvalidData => {
                    // Through the server, which tells the client: the reader holds no
                    // sender to the client, so the writer stops when the server does.
                    let message: String = error.to_string().chars().take(500).collect();
                    let notice = Notification::new(prism::lsp::MALFORMED.to_string(), message);
                    if to_server.send(notice.into()).is_err() {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
    });
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        writer,
    )
}
