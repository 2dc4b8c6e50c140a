//! A language client for the tests and the bench: `prism lsp` as a child process, spoken to
//! through lsp-server's message types (the same framing the server uses).

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError};
use lsp_server::{Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};

pub struct Client {
    pub child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Message>,
    /// Notifications and server requests not yet looked at.
    pub backlog: Vec<Message>,
    next_id: i32,
}

pub const TIMEOUT: Duration = Duration::from_secs(120);

impl Client {
    /// Start `prism lsp` and initialize it (UTF-16 positions unless `utf8`).
    pub fn start(process_id: Option<u32>, initialization_options: Value) -> Client {
        // `PRISM_LSP_BIN`: another build of the server (the bench times a release build).
        let server =
            std::env::var_os("PRISM_LSP_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_prism").into());
        let mut child = Command::new(server)
            .arg("lsp")
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting prism lsp");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take();
        let (tx, incoming) = crossbeam_channel::unbounded();
        std::thread::spawn(move || {
            let mut reader = std::io::BufReader::new(stdout);
            while let Ok(Some(message)) = Message::read(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            backlog: Vec::new(),
            next_id: 0,
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": process_id,
                "rootUri": null,
                "capabilities": {"workspace": {"inlayHint": {"refreshSupport": true}}},
                "initializationOptions": initialization_options,
            }),
        );
        let caps = &result.response_result.as_ref().expect("initialize result")["capabilities"];
        assert_eq!(caps["inlayHintProvider"], json!(true), "{caps}");
        client.notify("initialized", json!({}));
        client
    }

    pub fn send(&mut self, message: Message) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        message.write(stdin).expect("writing to prism lsp");
        stdin.flush().unwrap();
    }

    /// Raw bytes on the wire (hostile input).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(Notification::new(method.to_string(), params).into());
    }

    /// Send a request and wait for its response (other messages go to the backlog; server
    /// requests are answered with `null`).
    pub fn request(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.to_string(), params).into());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.next_message(deadline) {
                Message::Response(response) if response.id == id => return response,
                other => self.backlog.push(other),
            }
        }
    }

    fn next_message(&mut self, deadline: Instant) -> Message {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(Message::Request(request)) => {
                // `workspace/inlayHint/refresh` and the like: acknowledge.
                self.send(Response::new_ok(request.id.clone(), Value::Null).into());
                Message::Request(request)
            }
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!(
                "no message from prism lsp within {TIMEOUT:?}; backlog: {:?}",
                self.backlog
            ),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("prism lsp closed its output; backlog: {:?}", self.backlog)
            }
        }
    }

    /// Wait for a notification `method` whose params satisfy `pred` (the backlog first).
    pub fn wait_for(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(
            |m| matches!(m, Message::Notification(n) if n.method == method && pred(&n.params)),
        ) {
            let Message::Notification(n) = self.backlog.remove(i) else {
                unreachable!()
            };
            return n.params;
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.next_message(deadline) {
                Message::Notification(n) if n.method == method && pred(&n.params) => {
                    return n.params
                }
                other => self.backlog.push(other),
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let params = self.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        });
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// `shutdown`, `exit`, and the exit status.
    pub fn shutdown(mut self) -> std::process::ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert!(response.response_result.is_ok(), "{response:?}");
        self.notify("exit", Value::Null);
        self.stdin = None;
        self.wait(Duration::from_secs(10))
            .expect("prism lsp exits after `exit`")
    }

    /// The exit status within `limit`, or `None` (the process is then killed).
    pub fn wait(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        None
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `file:` URI for a path (tests use plain ASCII temporary paths).
pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}
