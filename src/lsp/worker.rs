//! The analysis threads. Edits arrive faster than a shader compiles: each thread takes the
//! newest job per document from its queue and drops a job whose version was superseded
//! before it starts (the server records the latest version of each document). The fast
//! thread publishes diagnostics; the cost thread, behind it, annotates and measures fixes.
//! Each job runs behind a panic boundary: a bug costs that version's results, not the server.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use crossbeam_channel::{Receiver, Sender};

use super::analysis::{self, Analysed, Compiled, Costs, Job};
use super::convert;

/// naga's parsers recurse: analysis threads get this much stack.
pub const STACK_BYTES: usize = 256 * 1024 * 1024;

/// What the threads hand back to the server loop.
pub enum Event {
    Analysed(Box<Analysed>),
    Costs(Costs),
    /// A background command finished: the request to answer and what to show.
    CommandDone {
        id: lsp_server::RequestId,
        result: Result<String, String>,
    },
    /// The client process (initialize's `processId`) is gone.
    ClientGone,
}

/// The latest version of each open document.
#[derive(Clone, Default)]
pub struct Latest(Arc<Mutex<HashMap<String, i32>>>);

impl Latest {
    pub fn set(&self, uri: &str, version: i32) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(uri.to_string(), version);
        }
    }

    pub fn remove(&self, uri: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(uri);
        }
    }

    /// Whether `version` is still the one to work on.
    pub fn current(&self, uri: &str, version: i32) -> bool {
        self.0
            .lock()
            .map(|map| map.get(uri) == Some(&version))
            .unwrap_or(false)
    }
}

/// The two analysis threads.
pub struct Workers {
    jobs: Sender<Job>,
    pub latest: Latest,
}

impl Workers {
    pub fn start(events: Sender<Event>) -> std::io::Result<Workers> {
        let latest = Latest::default();
        let (jobs, job_queue) = crossbeam_channel::unbounded::<Job>();
        let (costs, cost_queue) = crossbeam_channel::unbounded::<(Job, Compiled)>();
        {
            let latest = latest.clone();
            let events = events.clone();
            spawn("prism-lsp-fast", move || {
                fast_loop(job_queue, costs, events, latest)
            })?;
        }
        {
            let latest = latest.clone();
            spawn("prism-lsp-costs", move || {
                cost_loop(cost_queue, events, latest)
            })?;
        }
        Ok(Workers { jobs, latest })
    }

    pub fn submit(&self, job: Job) {
        self.latest.set(&job.uri, job.version);
        let _ = self.jobs.send(job);
    }
}

/// A thread with the stack naga's recursive parsers need.
pub fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name(name.to_string())
        .stack_size(STACK_BYTES)
        .spawn(f)
        .map(|_| ())
}

/// The newest item per document among `first` and whatever else is queued.
fn newest<T>(first: T, queue: &Receiver<T>, uri: impl Fn(&T) -> &str) -> Vec<T> {
    let mut by_uri: Vec<T> = vec![first];
    while let Ok(next) = queue.try_recv() {
        match by_uri.iter().position(|t| uri(t) == uri(&next)) {
            Some(i) => by_uri[i] = next,
            None => by_uri.push(next),
        }
    }
    by_uri
}

fn fast_loop(
    queue: Receiver<Job>,
    costs: Sender<(Job, Compiled)>,
    events: Sender<Event>,
    latest: Latest,
) {
    while let Ok(first) = queue.recv() {
        for job in newest(first, &queue, |j| j.uri.as_str()) {
            if !latest.current(&job.uri, job.version) {
                continue;
            }
            let mut analysed = match catch_unwind(AssertUnwindSafe(|| analysis::fast(&job))) {
                Ok(analysed) => analysed,
                Err(panic) => internal(&job, panic),
            };
            let compiled = analysed.compilation.take();
            if events.send(Event::Analysed(Box::new(analysed))).is_err() {
                return;
            }
            if let Some(compiled) = compiled {
                let _ = costs.send((job, compiled));
            }
        }
    }
}

fn cost_loop(queue: Receiver<(Job, Compiled)>, events: Sender<Event>, latest: Latest) {
    lower_priority();
    while let Ok(first) = queue.recv() {
        for (job, compiled) in newest(first, &queue, |(j, _)| j.uri.as_str()) {
            // Hints first (one annotate), then the fixes measured (compiles and ISA runs).
            for measure in [false, true] {
                if !latest.current(&job.uri, job.version) {
                    break;
                }
                let costs = catch_unwind(AssertUnwindSafe(|| {
                    analysis::costs(&job, &compiled, measure)
                }));
                let costs = match costs {
                    Ok(costs) => costs,
                    Err(_) => break,
                };
                if events.send(Event::Costs(costs)).is_err() {
                    return;
                }
            }
        }
    }
}

/// The cost thread (and the ISA workers it starts, which inherit it) yields the CPU to the
/// fast path: on a 2-core machine an annotation and two ISA workers would otherwise take
/// turns with the next keystroke's diagnostics.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on this thread's own id; failure only leaves the priority.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

/// A panic outside the pipeline's own boundary, as a diagnostic on the document.
fn internal(job: &Job, panic: Box<dyn std::any::Any + Send>) -> Analysed {
    let diagnostic = crate::pipeline::internal_error(&job.uri, panic);
    let mut diagnostics = convert::ByUri::new();
    diagnostics.insert(
        job.uri.clone(),
        vec![convert::whole_document(
            lsp_types::DiagnosticSeverity::ERROR,
            "E-INTERNAL",
            diagnostic.message,
        )],
    );
    Analysed {
        uri: job.uri.clone(),
        version: job.version,
        diagnostics,
        findings: Vec::new(),
        compilation: None,
        compiled: false,
    }
}
