//! The requests that read what the workers computed: inlay hints (parked until the costs of
//! the document's current version come), hover, code actions, and `prism.isa`.

use lsp_server::{ErrorCode, Request, RequestId};
use lsp_types::request::{self as req, Request as _};
use lsp_types::Uri;

use super::positions::LineIndex;
use super::server::State;
use super::settings::Metric;
use super::{actions, command, hover, ISA_COMMAND};

impl State {
    fn open_document(&self, uri: &Uri) -> Result<&super::documents::Document, (ErrorCode, String)> {
        self.documents.get(uri.as_str()).ok_or_else(|| {
            (
                ErrorCode::InvalidParams,
                format!("prism has no open document {}", uri.as_str()),
            )
        })
    }

    pub(super) fn inlay_hints(&mut self, request: Request) -> Reply {
        let (id, params) =
            extract::<lsp_types::InlayHintParams>(request, req::InlayHintRequest::METHOD)?;
        let uri = params.text_document.uri.as_str().to_string();
        self.open_document(&params.text_document.uri)?;
        if self.settings.metric == Metric::Off {
            return Ok(Some(serde_json::json!([])));
        }
        self.parked_hints.push((id, uri.clone(), params.range));
        self.answer_parked(&uri);
        Ok(None)
    }

    pub(super) fn hover(&mut self, request: Request) -> Reply {
        let (_, params) = extract::<lsp_types::HoverParams>(request, req::HoverRequest::METHOD)?;
        let uri = &params.text_document_position_params.text_document.uri;
        self.open_document(uri)?;
        let line = params.text_document_position_params.position.line as usize;
        let hover = self
            .current_costs(uri.as_str())
            .and_then(|costs| hover::hover(costs, line));
        Ok(Some(serde_json::to_value(hover).unwrap_or_default()))
    }

    pub(super) fn code_actions(&mut self, request: Request) -> Reply {
        let (_, params) =
            extract::<lsp_types::CodeActionParams>(request, req::CodeActionRequest::METHOD)?;
        let document = self.open_document(&params.text_document.uri)?;
        let uri = document.uri.as_str();
        // Measured fixes when the background measurement of this version is done.
        let findings = self
            .current_costs(uri)
            .and_then(|c| c.findings.as_ref())
            .or_else(|| {
                self.findings
                    .get(uri)
                    .filter(|(v, _)| *v == document.version)
                    .map(|(_, f)| f)
            });
        let index = LineIndex::new(&document.text, self.encoding);
        let actions = findings
            .map(|f| actions::actions(f, uri, &index, params.range))
            .unwrap_or_default();
        Ok(Some(serde_json::to_value(actions).unwrap_or_default()))
    }

    pub(super) fn execute(&mut self, request: Request) -> Reply {
        let (id, params) =
            extract::<lsp_types::ExecuteCommandParams>(request, req::ExecuteCommand::METHOD)?;
        if params.command != ISA_COMMAND {
            return Err((
                ErrorCode::InvalidParams,
                format!(
                    "unknown command `{}`; prism has `{ISA_COMMAND}`",
                    params.command
                ),
            ));
        }
        let uri = params
            .arguments
            .first()
            .and_then(|a| a.as_str().or_else(|| a.get("uri").and_then(|u| u.as_str())))
            .ok_or((
                ErrorCode::InvalidParams,
                format!("`{ISA_COMMAND}` takes the document's URI as its argument"),
            ))?
            .to_string();
        let job = self.job(&uri).ok_or((
            ErrorCode::InvalidParams,
            format!("prism has no open document {uri}"),
        ))?;
        command::start_isa(id, job, self.events.clone()).map_err(|e| {
            (
                ErrorCode::InternalError,
                format!("starting the ISA thread: {e}"),
            )
        })?;
        Ok(None)
    }
}

/// A request's answer now (`Some`), later (`None`), or an error.
pub(super) type Reply = Result<Option<serde_json::Value>, (ErrorCode, String)>;

fn extract<P: serde::de::DeserializeOwned>(
    request: Request,
    method: &str,
) -> Result<(RequestId, P), (ErrorCode, String)> {
    request
        .extract(method)
        .map_err(|e| (ErrorCode::InvalidParams, format!("{method}: {e}")))
}
