//! The server loop: the protocol's messages and the workers' results, one at a time, on one
//! thread. Requests are answered from what the workers last computed for the document's
//! current version; inlay-hint requests that arrive before the costs of that version are
//! parked and answered when they come.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use crossbeam_channel::{select, Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionProviderCapability, ExecuteCommandOptions, HoverProviderCapability, InitializeParams,
    InitializeResult, MessageType, OneOf, PositionEncodingKind, PublishDiagnosticsParams,
    ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, Uri,
};

use super::analysis::{Costs, FindingView, Job};
use super::documents::Documents;
use super::positions::{Encoding, LineIndex};
use super::settings::{Metric, Settings};
use super::worker::{Event, Workers};
use super::{hints, ISA_COMMAND};

/// How the server is started.
#[derive(Clone, Debug, Default)]
pub struct ServerOptions {
    /// The prism executable that runs ISA workers (`prism __isa-worker`); `None`: no ISA.
    pub isa_worker: Option<PathBuf>,
}

/// Why the server stopped other than by `shutdown` + `exit`.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("the language client: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("starting a worker thread: {0}")]
    Thread(#[from] std::io::Error),
    #[error("`exit` came before `shutdown`")]
    ExitWithoutShutdown,
    #[error("the client process {0} is gone")]
    ClientGone(u32),
    #[error("the client closed the connection without `exit`")]
    Disconnected,
}

pub(super) struct State {
    pub(super) connection: Connection,
    pub(super) documents: Documents,
    pub(super) settings: Settings,
    pub(super) encoding: Encoding,
    pub(super) refresh_supported: bool,
    pub(super) workers: Workers,
    pub(super) events: Sender<Event>,
    pub(super) options: ServerOptions,
    /// The fast path's findings (and the URIs it published to) per document.
    pub(super) findings: HashMap<String, (i32, Vec<FindingView>)>,
    pub(super) published: HashMap<String, BTreeSet<String>>,
    pub(super) costs: HashMap<String, Costs>,
    pub(super) parked_hints: Vec<(RequestId, String, lsp_types::Range)>,
    /// Documents whose fast analysis failed at their current version (no costs will come).
    pub(super) no_costs: HashMap<String, i32>,
    pub(super) shutdown: bool,
    pub(super) next_id: i32,
}

/// Serve one client over `connection` until `exit`. Returns `Ok` after `shutdown` + `exit`.
pub fn serve(connection: Connection, options: ServerOptions) -> Result<(), ServeError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(params) => params,
        Err(error) => {
            let response = Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("initialize: {error}"),
            );
            let _ = connection.sender.send(response.into());
            return Err(ServeError::Disconnected);
        }
    };
    let utf8 = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
    let encoding = if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let refresh_supported = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.inlay_hint.as_ref())
        .and_then(|h| h.refresh_support)
        .unwrap_or(false);
    let mut settings = Settings::default();
    let mut settings_error = None;
    if let Some(value) = &params.initialization_options {
        match Settings::from_json(value) {
            Ok(Some(s)) => settings = s,
            Ok(None) => {}
            Err(e) => settings_error = Some(e),
        }
    }
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "prism".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    connection.initialize_finish(
        id,
        serde_json::to_value(result).expect("initialize result serializes"),
    )?;
    let (events, event_queue) = crossbeam_channel::unbounded();
    if let Some(pid) = params.process_id {
        watch_client(pid, events.clone())?;
    }
    let workers = Workers::start(events.clone())?;
    let mut state = State {
        connection,
        documents: Documents::default(),
        settings,
        encoding,
        refresh_supported,
        workers,
        events,
        options,
        findings: HashMap::new(),
        published: HashMap::new(),
        costs: HashMap::new(),
        parked_hints: Vec::new(),
        no_costs: HashMap::new(),
        shutdown: false,
        next_id: 0,
    };
    if let Some(error) = settings_error {
        state.show(MessageType::ERROR, error);
    }
    state.run(event_queue, params.process_id)
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![ISA_COMMAND.to_string()],
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Exit when the client process is gone (checked every two seconds, where the system
/// tells: Linux's `/proc`).
fn watch_client(pid: u32, events: Sender<Event>) -> std::io::Result<()> {
    let proc_dir = PathBuf::from(format!("/proc/{pid}"));
    if !PathBuf::from("/proc/self").exists() {
        return Ok(());
    }
    std::thread::Builder::new()
        .name("prism-lsp-client-watch".to_string())
        .spawn(move || loop {
            std::thread::sleep(std::time::Duration::from_secs(2));
            if !proc_dir.exists() {
                let _ = events.send(Event::ClientGone);
                return;
            }
        })
        .map(|_| ())
}

impl State {
    fn run(&mut self, events: Receiver<Event>, pid: Option<u32>) -> Result<(), ServeError> {
        loop {
            select! {
                recv(self.connection.receiver) -> message => {
                    let Ok(message) = message else {
                        return Err(ServeError::Disconnected);
                    };
                    match message {
                        Message::Request(request) => self.request(request),
                        Message::Notification(n) if n.method == notif::Exit::METHOD => {
                            return if self.shutdown {
                                Ok(())
                            } else {
                                Err(ServeError::ExitWithoutShutdown)
                            };
                        }
                        Message::Notification(n) => self.notification(n),
                        Message::Response(_) => {}
                    }
                }
                recv(events) -> event => {
                    match event {
                        Ok(Event::ClientGone) => {
                            return Err(ServeError::ClientGone(pid.unwrap_or(0)));
                        }
                        Ok(event) => self.event(event),
                        Err(_) => return Err(ServeError::Disconnected),
                    }
                }
            }
        }
    }

    pub(super) fn send(&self, message: impl Into<Message>) {
        let _ = self.connection.sender.send(message.into());
    }

    pub(super) fn show(&self, typ: MessageType, message: String) {
        self.send(Notification::new(
            notif::ShowMessage::METHOD.to_string(),
            ShowMessageParams { typ, message },
        ));
    }

    pub(super) fn error(&self, id: RequestId, code: ErrorCode, message: String) {
        self.send(Response::new_err(id, code as i32, message));
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        if self.shutdown {
            return self.error(
                id,
                ErrorCode::InvalidRequest,
                "the server is shutting down".to_string(),
            );
        }
        let result = match request.method.as_str() {
            req::Shutdown::METHOD => {
                self.shutdown = true;
                Ok(Some(serde_json::Value::Null))
            }
            req::InlayHintRequest::METHOD => self.inlay_hints(request),
            req::HoverRequest::METHOD => self.hover(request),
            req::CodeActionRequest::METHOD => self.code_actions(request),
            req::ExecuteCommand::METHOD => self.execute(request),
            method => Err((
                ErrorCode::MethodNotFound,
                format!("prism does not handle `{method}`"),
            )),
        };
        match result {
            Ok(Some(value)) => self.send(Response::new_ok(id, value)),
            Ok(None) => {}
            Err((code, message)) => self.error(id, code, message),
        }
    }

    fn notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                let Ok(params) = notification.extract::<lsp_types::DidOpenTextDocumentParams>(
                    notif::DidOpenTextDocument::METHOD,
                ) else {
                    return;
                };
                let d = params.text_document;
                self.documents.open(d.uri.as_str(), d.version, d.text);
                self.analyse_all(Some(d.uri.as_str()));
            }
            notif::DidChangeTextDocument::METHOD => {
                let Ok(params) = notification.extract::<lsp_types::DidChangeTextDocumentParams>(
                    notif::DidChangeTextDocument::METHOD,
                ) else {
                    return;
                };
                let uri = params.text_document.uri.as_str().to_string();
                // Full sync: the last change holds the whole text.
                let Some(change) = params.content_changes.into_iter().last() else {
                    return;
                };
                if change.range.is_some() {
                    self.show(
                        MessageType::ERROR,
                        "prism asked for full-text sync but got an incremental change; ignored"
                            .to_string(),
                    );
                    return;
                }
                if self
                    .documents
                    .change(&uri, params.text_document.version, change.text)
                    .is_none()
                {
                    return;
                }
                self.analyse_all(Some(&uri));
            }
            notif::DidCloseTextDocument::METHOD => {
                let Ok(params) = notification.extract::<lsp_types::DidCloseTextDocumentParams>(
                    notif::DidCloseTextDocument::METHOD,
                ) else {
                    return;
                };
                let uri = params.text_document.uri.as_str().to_string();
                self.documents.close(&uri);
                self.workers.latest.remove(&uri);
                self.findings.remove(&uri);
                self.costs.remove(&uri);
                self.no_costs.remove(&uri);
                for published in self.published.remove(&uri).unwrap_or_default() {
                    self.publish(&published, Vec::new(), None);
                }
                self.answer_parked(&uri);
                // The files that included it read the disk again.
                self.analyse_all(None);
            }
            notif::DidChangeConfiguration::METHOD => {
                let Ok(params) = notification.extract::<lsp_types::DidChangeConfigurationParams>(
                    notif::DidChangeConfiguration::METHOD,
                ) else {
                    return;
                };
                match Settings::from_json(&params.settings) {
                    Ok(Some(settings)) => {
                        self.settings = settings;
                        self.analyse_all(None);
                    }
                    Ok(None) => {}
                    Err(error) => self.show(MessageType::ERROR, error),
                }
            }
            notif::DidSaveTextDocument::METHOD => self.analyse_all(None),
            super::MALFORMED => {
                let reason = notification.params.as_str().unwrap_or_default();
                self.send(Notification::new(
                    notif::LogMessage::METHOD.to_string(),
                    lsp_types::LogMessageParams {
                        typ: MessageType::ERROR,
                        message: format!("prism lsp: skipped a malformed message: {reason}"),
                    },
                ));
            }
            _ => {}
        }
    }

    pub(super) fn job(&self, uri: &str) -> Option<Job> {
        let document = self.documents.get(uri)?;
        Some(Job {
            uri: document.uri.clone(),
            version: document.version,
            path: document.path.clone(),
            text: document.text.clone(),
            unsaved: self.documents.unsaved(),
            settings: self.settings.clone(),
            encoding: self.encoding,
            isa_worker: self.options.isa_worker.clone(),
        })
    }

    /// Analyse `first`, then every other open document (one may include the other).
    fn analyse_all(&mut self, first: Option<&str>) {
        let mut uris = self.documents.uris();
        uris.sort();
        if let Some(first) = first {
            uris.retain(|u| u != first);
            uris.insert(0, first.to_string());
        }
        for uri in uris {
            if let Some(job) = self.job(&uri) {
                self.no_costs.remove(&uri);
                self.workers.submit(job);
            }
        }
    }

    pub(super) fn current_version(&self, uri: &str) -> Option<i32> {
        self.documents.get(uri).map(|d| d.version)
    }

    fn publish(&self, uri: &str, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let Ok(uri) = uri.parse::<Uri>() else {
            return;
        };
        self.send(Notification::new(
            notif::PublishDiagnostics::METHOD.to_string(),
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        ));
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Analysed(analysed) => {
                let analysed = *analysed;
                if self.current_version(&analysed.uri) != Some(analysed.version) {
                    return;
                }
                let uri = analysed.uri.clone();
                let before = self.published.remove(&uri).unwrap_or_default();
                let mut now = BTreeSet::new();
                for (file_uri, diagnostics) in analysed.diagnostics {
                    let version = (file_uri == uri).then_some(analysed.version);
                    if file_uri != uri {
                        now.insert(file_uri.clone());
                    }
                    self.publish(&file_uri, diagnostics, version);
                }
                for stale in before.difference(&now) {
                    self.publish(stale, Vec::new(), None);
                }
                self.published.insert(uri.clone(), now);
                self.findings
                    .insert(uri.clone(), (analysed.version, analysed.findings));
                if !analysed.compiled {
                    self.no_costs.insert(uri.clone(), analysed.version);
                    self.answer_parked(&uri);
                }
            }
            Event::Costs(costs) => {
                if self.current_version(&costs.uri) != Some(costs.version) {
                    return;
                }
                let uri = costs.uri.clone();
                let measured = costs.findings.is_some();
                let keep_lines = self
                    .costs
                    .get(&uri)
                    .filter(|old| old.version == costs.version && measured)
                    .map(|old| (old.lines.clone(), old.functions.clone()));
                let mut costs = costs;
                if let Some((lines, functions)) = keep_lines {
                    if costs.lines.is_empty() {
                        costs.lines = lines;
                        costs.functions = functions;
                    }
                }
                self.costs.insert(uri.clone(), costs);
                self.answer_parked(&uri);
                if !measured && self.refresh_supported && self.settings.metric != Metric::Off {
                    self.next_id += 1;
                    let request = Request::new(
                        RequestId::from(format!("prism-refresh-{}", self.next_id)),
                        req::InlayHintRefreshRequest::METHOD.to_string(),
                        serde_json::Value::Null,
                    );
                    self.send(request);
                }
            }
            Event::CommandDone { id, result } => match result {
                Ok(text) => {
                    self.show(MessageType::INFO, text.clone());
                    self.send(Response::new_ok(id, text));
                }
                Err(message) => {
                    self.show(MessageType::ERROR, format!("prism.isa: {message}"));
                    self.error(id, ErrorCode::RequestFailed, message);
                }
            },
            Event::ClientGone => {}
        }
    }

    /// Costs of the document's current version, if computed.
    pub(super) fn current_costs(&self, uri: &str) -> Option<&Costs> {
        let version = self.current_version(uri)?;
        self.costs.get(uri).filter(|c| c.version == version)
    }

    pub(super) fn answer_parked(&mut self, uri: &str) {
        let parked = std::mem::take(&mut self.parked_hints);
        for (id, parked_uri, range) in parked {
            if parked_uri != uri {
                self.parked_hints.push((id, parked_uri, range));
                continue;
            }
            let ready = self.current_costs(uri).is_some()
                || self.documents.get(uri).is_none()
                || self.no_costs.get(uri) == self.current_version(uri).as_ref();
            if ready {
                let hints = self.hints_for(uri, range);
                self.send(Response::new_ok(id, hints));
            } else {
                self.parked_hints.push((id, parked_uri, range));
            }
        }
    }

    pub(super) fn hints_for(
        &self,
        uri: &str,
        range: lsp_types::Range,
    ) -> Vec<lsp_types::InlayHint> {
        let (Some(costs), Some(document)) = (self.current_costs(uri), self.documents.get(uri))
        else {
            return Vec::new();
        };
        let index = LineIndex::new(&document.text, self.encoding);
        hints::hints(costs, &index, self.settings.metric, range)
    }
}
