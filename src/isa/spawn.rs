//! The parent side: start `prism __isa-worker` with the environment that selects the GPU,
//! send it the jobs, read its answers, and turn every way a child can fail (crash, signal,
//! hang, garbage on stdout) into an [`IsaError`].
//!
//! One worker handles a batch of jobs for one GPU and answers each with its own line. When it
//! dies in the middle, the job it was on gets the error and a fresh worker takes the rest, so a
//! shader that crashes the driver fails alone.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use wait_timeout::ChildExt;

use super::error::IsaError;
use super::families::{described_names, GRAPHICS_CRASHES};
use super::icd::radeon_manifest;
use super::job::Job;
use super::options::{GpuSpec, IsaOptions};
use super::protocol::{DeviceInfo, Request, Response, RESPONSE_PREFIX};
use super::report::Executable;

/// Which GPU a worker opens.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// A RADV null device of this family.
    Family(&'a str),
    /// A real device: `device:N` or a name substring.
    Device(&'a str),
}

impl<'a> From<&'a GpuSpec> for Target<'a> {
    fn from(spec: &'a GpuSpec) -> Target<'a> {
        match spec {
            GpuSpec::Family(name) => Target::Family(name),
            GpuSpec::Device(spec) => Target::Device(spec),
        }
    }
}

impl Target<'_> {
    fn label(&self) -> &str {
        match self {
            Target::Family(name) | Target::Device(name) => name,
        }
    }
}

/// The device a batch ran on and each job's result, in order.
pub struct Batch {
    /// Device name and driver, or why no device could be opened.
    pub device: Result<(String, String), IsaError>,
    pub results: Vec<Result<Vec<Executable>, IsaError>>,
}

/// Run `jobs` on `target`, restarting the worker after a crash or a hang. With no jobs this
/// only opens the device (an availability probe).
pub fn run_batch(target: Target, jobs: &[Job], options: &IsaOptions) -> Batch {
    let mut device: Option<(String, String)> = None;
    let mut results: Vec<Result<Vec<Executable>, IsaError>> = Vec::with_capacity(jobs.len());
    loop {
        let rest = &jobs[results.len()..];
        let session = Session::run(target, rest, options);
        match session.ready {
            Some(Ok(opened)) => {
                device.get_or_insert(opened);
            }
            failed => {
                // No device (or the worker died before opening it): the rest fail alike.
                let error = match failed {
                    Some(Err(error)) => error,
                    _ => session.end.err().unwrap_or_else(|| {
                        IsaError::Protocol(format!(
                            "the worker for {} exited without a word",
                            target.label()
                        ))
                    }),
                };
                results.extend(rest.iter().map(|_| Err(error.clone())));
                return Batch {
                    device: device.ok_or(error),
                    results,
                };
            }
        }
        results.extend(session.results);
        if results.len() >= jobs.len() {
            break;
        }
        // The job in flight crashed or hung the worker: it fails, a fresh worker goes on.
        results.push(Err(session.end.err().unwrap_or_else(|| {
            IsaError::Protocol(format!(
                "the worker for {} exited before answering every job",
                target.label()
            ))
        })));
        if results.len() >= jobs.len() {
            break;
        }
    }
    Batch {
        device: device.ok_or_else(|| IsaError::Internal("no device was opened".into())),
        results,
    }
}

/// List the real Vulkan devices (no RADV null device) in a worker.
pub fn list_devices(options: &IsaOptions) -> Result<Vec<DeviceInfo>, IsaError> {
    let mut child = spawn(&options.worker, None)?;
    let stderr = drain(child.stderr.take());
    let lines = read_lines(child.stdout.take());
    send(&mut child, &Request::List)?;
    let answer = lines.recv_timeout(options.timeout);
    let hung = matches!(answer, Err(mpsc::RecvTimeoutError::Timeout));
    let (end, _) = finish(&mut child, stderr, hung, "listing devices", options.timeout);
    match answer {
        Ok(Ok(Response::Devices(devices))) => devices,
        Ok(Ok(other)) => Err(IsaError::Protocol(format!("unexpected answer {other:?}"))),
        Ok(Err(e)) => Err(e),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(IsaError::Timeout {
            gpu: "device list".into(),
            seconds: options.timeout.as_secs_f64(),
        }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(end
            .err()
            .unwrap_or_else(|| IsaError::Protocol("the worker listed no devices".into()))),
    }
}

/// What one worker process did.
struct Session {
    /// `None` when it died or hung before opening the device.
    ready: Option<Result<(String, String), IsaError>>,
    results: Vec<Result<Vec<Executable>, IsaError>>,
    /// How it ended: `Err` for a crash, a hang or garbage (about the job in flight).
    end: Result<(), IsaError>,
}

impl Session {
    fn run(target: Target, jobs: &[Job], options: &IsaOptions) -> Session {
        let (family, request) = match target {
            Target::Family(name) => (
                Some(name),
                Request::Radv {
                    jobs: jobs.to_vec(),
                },
            ),
            Target::Device(spec) => (
                None,
                Request::Device {
                    spec: spec.to_string(),
                    jobs: jobs.to_vec(),
                },
            ),
        };
        let mut session = Session {
            ready: None,
            results: Vec::new(),
            end: Ok(()),
        };
        let mut child = match spawn(&options.worker, family) {
            Ok(child) => child,
            Err(e) => {
                session.ready = Some(Err(e));
                return session;
            }
        };
        let stderr = drain(child.stderr.take());
        let lines = read_lines(child.stdout.take());
        if let Err(e) = send(&mut child, &request) {
            let _ = finish(&mut child, stderr, true, "starting", options.timeout);
            session.ready = Some(Err(e));
            return session;
        }
        let mut failure = None;
        let mut trouble = None;
        while session.ready.is_none() || session.results.len() < jobs.len() {
            match lines.recv_timeout(options.timeout) {
                Ok(Ok(Response::Ready {
                    device_name,
                    driver,
                })) => session.ready = Some(Ok((device_name, driver))),
                Ok(Ok(Response::Failed(error))) => {
                    failure = Some(error);
                    break;
                }
                Ok(Ok(Response::Job(result))) => session.results.push(result),
                Ok(Ok(Response::Devices(_))) => {
                    trouble = Some(IsaError::Protocol("unexpected device list".into()));
                    break;
                }
                Ok(Err(e)) => {
                    trouble = Some(e);
                    break;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    trouble = Some(IsaError::Timeout {
                        gpu: target.label().to_string(),
                        seconds: options.timeout.as_secs_f64(),
                    });
                    break;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        let doing = match (&session.ready, jobs.len()) {
            (None, _) => "opening the device".to_string(),
            (Some(_), 1) => "compiling the shader".to_string(),
            (Some(_), _) => format!(
                "compiling shader {} of its batch",
                session.results.len() + 1
            ),
        };
        let (ended, stderr) = finish(
            &mut child,
            stderr,
            trouble.is_some(),
            &doing,
            options.timeout,
        );
        if let Some(error) = failure {
            session.ready = Some(Err(refine(error, family, &stderr)));
        } else if let (Some(family), None) = (family, &session.ready) {
            // Mesa 22.3 aborts on a family it does not know.
            if stderr.contains("Unknown family") {
                session.ready = Some(Err(unknown_family(family)));
            }
        }
        session.end = match trouble {
            Some(error) => Err(error),
            None => ended.map_err(|error| match error {
                IsaError::WorkerCrashed { how, stderr, .. } => IsaError::WorkerCrashed {
                    gpu: target.label().to_string(),
                    how: match family.filter(|f| GRAPHICS_CRASHES.contains(f)) {
                        Some(f) => format!(
                            "{how}; Mesa 22.3's null {f} device crashes on every graphics pipeline (compute works): use another RDNA2 family such as navi23"
                        ),
                        None => how,
                    },
                    stderr,
                },
                other => other,
            }),
        };
        session
    }
}

fn unknown_family(family: &str) -> IsaError {
    IsaError::UnknownFamily {
        family: family.to_string(),
        known: described_names(),
    }
}

/// Mesa's own words turn "no device" into the error that says what to do.
fn refine(error: IsaError, family: Option<&str>, stderr: &str) -> IsaError {
    match (error, family) {
        (IsaError::NoDevice { .. }, Some(family)) if stderr.contains("Unknown family") => {
            unknown_family(family)
        }
        (IsaError::NoDevice { .. }, Some(_)) => IsaError::NoRadv {
            reason: if radeon_manifest().is_some() {
                "Mesa's RADV driver exposed no device".to_string()
            } else {
                "no radeon_icd*.json Vulkan driver manifest was found".to_string()
            },
        },
        (error, _) => error,
    }
}

/// A started worker and the private runtime directory Mesa gets (removed on drop).
struct Worker {
    child: Child,
    _runtime_dir: Option<tempfile::TempDir>,
}

impl std::ops::Deref for Worker {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.child
    }
}

impl std::ops::DerefMut for Worker {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.child
    }
}

fn spawn(worker: &Path, family: Option<&str>) -> Result<Worker, IsaError> {
    if !cfg!(feature = "isa") {
        return Err(IsaError::NotBuilt);
    }
    // Mesa only wants a writable XDG_RUNTIME_DIR; without one it warns, nothing worse.
    let runtime_dir = tempfile::Builder::new().prefix("prism-isa-").tempdir().ok();
    let mut command = Command::new(worker);
    command
        .arg("__isa-worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("MESA_SHADER_CACHE_DISABLE", "true")
        // Mesa's device-select layer crashes on the null device (and reorders real ones).
        .env("NODEVICE_SELECT", "1");
    if let Some(dir) = &runtime_dir {
        command.env("XDG_RUNTIME_DIR", dir.path());
    }
    match family {
        Some(family) => {
            command.env("RADV_FORCE_FAMILY", family);
            if let Some(icd) = radeon_manifest() {
                command
                    .env("VK_ICD_FILENAMES", &icd)
                    .env("VK_DRIVER_FILES", &icd);
            }
        }
        None => {
            command.env_remove("RADV_FORCE_FAMILY");
        }
    }
    let child = command.spawn().map_err(|e| IsaError::Spawn {
        worker: worker.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(Worker {
        child,
        _runtime_dir: runtime_dir,
    })
}

/// Write the request on a thread: a worker that hangs without reading must not hang the
/// parent on a full pipe (the timeout catches the worker).
fn send(child: &mut Child, request: &Request) -> Result<(), IsaError> {
    let json = serde_json::to_vec(request).map_err(|e| IsaError::Internal(e.to_string()))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A worker that died before reading shows up as a crash when it is reaped.
        thread::spawn(move || {
            let _ = stdin.write_all(&json);
        });
    }
    Ok(())
}

type Line = Result<Response, IsaError>;

/// Stdout, parsed line by line on a thread; the channel closes at end of file.
fn read_lines(stdout: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Line> {
    let (sender, receiver) = mpsc::channel();
    if let Some(stdout) = stdout {
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let Some(json) = line.strip_prefix(RESPONSE_PREFIX) else {
                    continue;
                };
                let parsed = serde_json::from_str(json)
                    .map_err(|e| IsaError::Protocol(format!("unreadable worker answer: {e}")));
                if sender.send(parsed).is_err() {
                    break;
                }
            }
        });
    }
    receiver
}

type Stderr = mpsc::Receiver<String>;

/// Stderr, collected on a thread so the child never blocks on a full pipe; the text arrives
/// at end of file.
fn drain(stderr: Option<impl Read + Send + 'static>) -> Option<Stderr> {
    stderr.map(|mut stderr| {
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            let _ = sender.send(String::from_utf8_lossy(&bytes).into_owned());
        });
        receiver
    })
}

/// Reap the child (killing it when asked or when it does not exit), and describe how it
/// ended: `Err` for a signal or a failing exit status.
fn finish(
    child: &mut Child,
    stderr: Option<Stderr>,
    kill: bool,
    doing: &str,
    timeout: Duration,
) -> (Result<(), IsaError>, String) {
    if kill {
        let _ = child.kill();
    }
    let status = match child.wait_timeout(timeout.min(Duration::from_secs(10))) {
        Ok(Some(status)) => Some(status),
        _ => {
            let _ = child.kill();
            child.wait().ok()
        }
    };
    // A grandchild could hold the pipe open: wait for the text a little, not forever.
    let stderr = stderr
        .and_then(|text| text.recv_timeout(Duration::from_secs(2)).ok())
        .unwrap_or_default();
    let ended = match status {
        Some(status) if status.success() || kill => Ok(()),
        Some(status) => Err(IsaError::WorkerCrashed {
            gpu: String::new(),
            how: format!("{} while {doing}", describe(status)),
            stderr: tail(&stderr),
        }),
        None => Err(IsaError::WorkerCrashed {
            gpu: String::new(),
            how: format!("could not be reaped after {doing}"),
            stderr: tail(&stderr),
        }),
    };
    (ended, stderr)
}

fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                4 => " (SIGILL)",
                6 => " (SIGABRT)",
                7 => " (SIGBUS)",
                8 => " (SIGFPE)",
                9 => " (SIGKILL)",
                11 => " (SIGSEGV)",
                _ => "",
            };
            return format!("was killed by signal {signal}{name}");
        }
    }
    match status.code() {
        Some(code) => format!("exited with status {code}"),
        None => "ended abnormally".to_string(),
    }
}

/// The last lines of the worker's stderr, for the error message.
fn tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}
