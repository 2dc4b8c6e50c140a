//! The whole compile, source path to target code, behind one panic boundary.
//!
//! In: a path (or text) and [`CompileOptions`]. Out: a [`Compilation`] holding the files read,
//! the validated module and the span map, from which any target can be written; or a
//! [`Failure`] holding every diagnostic. naga is a large third-party parser: a panic inside it
//! is caught here and reported as an internal error naming the input, never a crash.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::Label;
use serde::{Deserialize, Serialize};

use crate::back::{self, EntryChoice, Output, Target, TargetOptions};
use crate::diagnostic::Diagnostic;
use crate::front::glsl::preprocess::PreprocessOptions;
use crate::front::{self, Parsed, SpanMap};
use crate::robustness::Robustness;
use crate::shader::InputKind;
use crate::shader::Stage;
use crate::source::{self, FileId, SourceFile, SourceFiles};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CompileOptions {
    /// Overrides the stage the extension implies; required for `.glsl`.
    pub stage: Option<Stage>,
    /// Entry point to keep, for WGSL / SPIR-V inputs with several.
    pub entry: Option<String>,
    #[serde(skip)]
    pub preprocess: PreprocessOptions,
    pub robustness: Robustness,
    pub targets: TargetOptions,
}

/// A successful front end run.
pub struct Compilation {
    pub files: SourceFiles,
    pub root: FileId,
    pub parsed: Parsed,
    pub robustness: Robustness,
    pub targets: TargetOptions,
    pub entry: Option<EntryChoice>,
    /// The options it was compiled with (to compile a rewrite of it the same way).
    pub options: CompileOptions,
}

/// Everything that went wrong, with the files needed to render it.
pub struct Failure {
    pub files: SourceFiles,
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Debug for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Failure")
            .field("diagnostics", &self.diagnostics)
            .finish()
    }
}

impl Failure {
    /// The code of the first diagnostic (`E-PARSE`, `E-READ`, ...): the failure's kind.
    pub fn kind(&self) -> &str {
        self.diagnostics
            .first()
            .and_then(|d| d.code.as_deref())
            .unwrap_or("E-UNKNOWN")
    }
}

fn plain_error(files: SourceFiles, code: &str, message: String) -> Failure {
    Failure {
        files,
        diagnostics: vec![Diagnostic::error().with_code(code).with_message(message)],
    }
}

/// Why the shaders under some inputs could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("walking {}", path.display())]
    Walk {
        path: PathBuf,
        #[source]
        source: walkdir::Error,
    },
    #[error("{}: no such file or directory", .0.display())]
    Missing(PathBuf),
}

/// The files under `inputs` (folders searched recursively, in name order) that prism can
/// compile. `.glsl` files in folders are usually includes: they count only when the stage
/// is given (`stage_given`). A symlink to a file is the file (`--fix` writes through it); a
/// symlink to a folder is not walked (no cycles).
pub fn collect_shaders(
    inputs: &[PathBuf],
    stage_given: bool,
) -> Result<Vec<PathBuf>, CollectError> {
    let mut shaders = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
                let entry = entry.map_err(|source| CollectError::Walk {
                    path: input.clone(),
                    source,
                })?;
                let is_file = entry.file_type().is_file()
                    || (entry.path_is_symlink() && entry.path().is_file());
                if !is_file {
                    continue;
                }
                let path = entry.path();
                match InputKind::from_path(path) {
                    None if crate::shader::unsupported_stage(path).is_some() => {
                        shaders.push(path.to_path_buf())
                    }
                    Some((InputKind::Glsl, None)) if !stage_given => {}
                    Some(_) => shaders.push(path.to_path_buf()),
                    None => {}
                }
            }
        } else if input.exists() {
            shaders.push(input.clone());
        } else {
            return Err(CollectError::Missing(input.clone()));
        }
    }
    Ok(shaders)
}

/// Compile the file at `path`.
pub fn compile_path(path: &Path, options: &CompileOptions) -> Result<Compilation, Failure> {
    // Read first: a missing file or a directory is the clearer message.
    let bytes = source::read_bytes(path)
        .map_err(|e| plain_error(SourceFiles::new(), "E-READ", e.to_string()))?;
    compile_bytes(path, bytes, options)
}

/// Compile `text` as though it were the content of the file at `path` (whose folder
/// `#include`s resolve against): how `lint --fix` checks a rewrite before writing it.
pub fn compile_path_text(
    path: &Path,
    text: &str,
    options: &CompileOptions,
) -> Result<Compilation, Failure> {
    compile_bytes(path, text.as_bytes().to_vec(), options)
}

fn compile_bytes(
    path: &Path,
    bytes: Vec<u8>,
    options: &CompileOptions,
) -> Result<Compilation, Failure> {
    let name = path.display().to_string();
    let guessed = InputKind::from_path(path);
    if let (None, Some(what)) = (options.stage, crate::shader::unsupported_stage(path)) {
        return Err(plain_error(
            SourceFiles::new(),
            "E-UNSUPPORTED",
            format!("{name}: not supported by prism: {what}"),
        ));
    }
    let kind = match (guessed, options.stage) {
        (Some((kind, _)), _) => kind,
        (None, Some(_)) => InputKind::Glsl,
        (None, None) => {
            return Err(plain_error(
                SourceFiles::new(),
                "E-READ",
                format!(
                    "{name}: unknown shader extension; use .vert/.frag/.comp (GLSL), .wgsl or .spv, or pass --stage"
                ),
            ))
        }
    };
    let canonical = path.canonicalize().ok();
    let mut files = SourceFiles::new();
    // Text inputs keep only their text; SPIR-V keeps its bytes and an empty text (the file
    // is still named in diagnostics).
    let (text, binary) = match kind {
        InputKind::Spirv => (String::new(), bytes),
        _ => match source::decode_utf8(path, bytes) {
            Ok(text) => (text, Vec::new()),
            Err(e) => return Err(plain_error(files, "E-READ", e.to_string())),
        },
    };
    let root = files.add(SourceFile::new(name, canonical, text));
    let stage = options.stage.or(guessed.and_then(|g| g.1));
    compile_loaded(files, root, kind, stage, &binary, options)
}

/// Compile text already in memory (tests, benches, editors).
pub fn compile_text(
    name: &str,
    text: &str,
    kind: InputKind,
    stage: Option<Stage>,
    options: &CompileOptions,
) -> Result<Compilation, Failure> {
    let mut files = SourceFiles::new();
    let root = files.add(SourceFile::new(name, None, text));
    compile_loaded(files, root, kind, stage, text.as_bytes(), options)
}

fn compile_loaded(
    mut files: SourceFiles,
    root: FileId,
    kind: InputKind,
    stage: Option<Stage>,
    bytes: &[u8],
    options: &CompileOptions,
) -> Result<Compilation, Failure> {
    let name = files.get(root).name.clone();
    let result = catch_unwind(AssertUnwindSafe(|| {
        front_end(&mut files, root, kind, stage, bytes, options)
    }));
    match result {
        Ok(Ok(parsed)) => {
            let entry =
                choose_entry(&parsed.module, options.entry.as_deref(), stage).map_err(|d| vec![d]);
            match entry {
                Ok(entry) => Ok(Compilation {
                    files,
                    root,
                    parsed,
                    robustness: options.robustness,
                    targets: options.targets.clone(),
                    entry,
                    options: options.clone(),
                }),
                Err(diagnostics) => Err(Failure { files, diagnostics }),
            }
        }
        Ok(Err(diagnostics)) => Err(Failure { files, diagnostics }),
        Err(panic) => Err(Failure {
            files,
            diagnostics: vec![internal_error(&name, panic)],
        }),
    }
}

/// A caught panic as a diagnostic.
pub fn internal_error(input: &str, panic: Box<dyn std::any::Any + Send>) -> Diagnostic {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    Diagnostic::bug()
        .with_code("E-INTERNAL")
        .with_message(format!(
            "internal error while compiling {input}: {what} (this is a bug in prism or naga; please report it with the input)"
        ))
}

fn front_end(
    files: &mut SourceFiles,
    root: FileId,
    kind: InputKind,
    stage: Option<Stage>,
    bytes: &[u8],
    options: &CompileOptions,
) -> Result<Parsed, Vec<Diagnostic>> {
    let (mut module, spans, naga_text, dialect, bindings, warnings) = match kind {
        InputKind::Glsl => {
            let Some(stage) = stage else {
                return Err(vec![Diagnostic::error().with_code("E-READ").with_message(
                    format!(
                        "cannot tell the stage of {}; pass --stage vertex|fragment|compute",
                        files.get(root).name
                    ),
                )]);
            };
            let upgraded = front::glsl::upgrade(files, root, stage, &options.preprocess)?;
            let (mut module, spans) = front::glsl::parse(&upgraded, stage, root)?;
            front::glsl::drop_stray_block_lookups(&mut module);
            front::glsl::relayout_std430(&mut module, &upgraded.text, &spans, root)?;
            front::glsl::base_level_outside_fragment(&mut module, stage);
            front::glsl::lower_intrinsics(&mut module, &spans, root)?;
            front::glsl::dialect::image_arrays::apply(&mut module, &upgraded.text);
            front::glsl::dialect::memory::apply(&mut module, &upgraded.text);
            front::glsl::dialect::struct_twins::apply(&mut module, &upgraded.text);
            front::glsl::dialect::storage_instances::apply(&mut module, &upgraded.text);
            front::glsl::lower_atomics(&mut module, &spans, root)?;
            front::glsl::narrow_barriers(&mut module);
            let mut warnings = upgraded.warnings;
            warnings.extend(front::glsl::return_zero_at_end(&mut module, &spans, root));
            (
                module,
                spans,
                Some(upgraded.text),
                Some(upgraded.dialect),
                upgraded.bindings,
                warnings,
            )
        }
        InputKind::Wgsl => {
            front::check_nesting(&files.get(root).text, root).map_err(|d| vec![d])?;
            let (module, spans) = front::parse_wgsl(files, root)?;
            let text = files.get(root).text.clone();
            (module, spans, Some(text), None, Vec::new(), Vec::new())
        }
        InputKind::Spirv => {
            let module = front::parse_spirv(bytes, root)?;
            (module, SpanMap::None, None, None, Vec::new(), Vec::new())
        }
    };
    if let Some(entry) = &options.entry {
        if module.entry_points.iter().any(|ep| &ep.name == entry) {
            module.entry_points.retain(|ep| &ep.name == entry);
        }
    }
    let mut info = front::validate(&module, &spans, root).map_err(|d| vec![d])?;
    front::limits::check_expression_depth(&module, &info, &spans, root).map_err(|d| vec![d])?;
    if !module.overrides.is_empty() {
        // WGSL `override`s are frozen at their defaults, as the dialect layer freezes GLSL
        // specialization constants: naga's writers take no overrides.
        let (frozen, frozen_info) = naga::back::pipeline_constants::process_overrides(
            &module,
            &info,
            None,
            &Default::default(),
        )
        .map_err(|err| {
            vec![Diagnostic::error()
                .with_code("E-OVERRIDE")
                .with_message(format!(
                    "pipeline-overridable constants are compiled at their defaults: {}",
                    crate::back::error_chain(&err)
                ))
                .with_labels(vec![codespan_reporting::diagnostic::Label::primary(
                    root,
                    0..0,
                )])]
        })?;
        (module, info) = (frozen.into_owned(), frozen_info.into_owned());
    }
    Ok(Parsed {
        kind,
        module,
        info,
        spans,
        naga_text,
        dialect,
        bindings,
        warnings,
    })
}

/// The entry point named by `--entry`, or the only one matching the stage.
fn choose_entry(
    module: &naga::Module,
    wanted: Option<&str>,
    stage: Option<Stage>,
) -> Result<Option<EntryChoice>, Diagnostic> {
    let listing = || {
        module
            .entry_points
            .iter()
            .map(|ep| format!("`{}` ({:?})", ep.name, ep.stage))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(name) = wanted {
        return match module.entry_points.iter().find(|ep| ep.name == name) {
            Some(ep) => Ok(Some(EntryChoice {
                stage: ep.stage,
                name: ep.name.clone(),
            })),
            None => Err(Diagnostic::error()
                .with_code("E-ENTRY")
                .with_message(format!(
                    "no entry point named `{name}`; the module has: {}",
                    listing()
                ))),
        };
    }
    let matching: Vec<_> = module
        .entry_points
        .iter()
        .filter(|ep| stage.is_none_or(|s| s.to_naga() == ep.stage))
        .collect();
    Ok(match matching.as_slice() {
        [only] => Some(EntryChoice {
            stage: only.stage,
            name: only.name.clone(),
        }),
        _ => None,
    })
}

impl Compilation {
    /// Write one target. Errors are diagnostics on the root file.
    pub fn emit(&self, target: Target) -> Result<Output, Diagnostic> {
        self.emit_entry(target, self.entry.as_ref())
    }

    /// Every entry point the module has, for targets that write one at a time.
    pub fn entry_points(&self) -> Vec<EntryChoice> {
        self.parsed
            .module
            .entry_points
            .iter()
            .map(|ep| EntryChoice {
                stage: ep.stage,
                name: ep.name.clone(),
            })
            .collect()
    }

    /// Write one target for a given entry point (the GLSL writer needs one).
    pub fn emit_entry(
        &self,
        target: Target,
        entry: Option<&EntryChoice>,
    ) -> Result<Output, Diagnostic> {
        self.emit_entry_with_notes(target, entry)
            .map(|(output, _)| output)
    }

    /// Write one target, with a note for each thing its polyfills changed that the user
    /// should know (`gl_PointSize` dropped, ...; see `back::lower`).
    pub fn emit_entry_with_notes(
        &self,
        target: Target,
        entry: Option<&EntryChoice>,
    ) -> Result<(Output, Vec<Diagnostic>), Diagnostic> {
        let name = &self.files.get(self.root).name;
        let result = catch_unwind(AssertUnwindSafe(|| {
            back::write_with_notes(
                target,
                &self.parsed.module,
                &self.parsed.info,
                &self.targets,
                &self.robustness,
                entry,
            )
        }));
        match result {
            Ok(Ok((output, notes))) => Ok((
                output,
                notes
                    .into_iter()
                    .map(|note| {
                        Diagnostic::note()
                            .with_code("N-TARGET")
                            .with_message(format!("{name} for {target}: {note}"))
                    })
                    .collect(),
            )),
            Ok(Err(err)) => {
                let label = err
                    .spans()
                    .into_iter()
                    .find_map(|span| self.parsed.spans.to_user(span))
                    .map_or_else(
                        || Label::primary(self.root, 0..0),
                        |loc| Label::primary(loc.file, loc.range()),
                    );
                Err(Diagnostic::error()
                    .with_code(err.code())
                    .with_message(format!("{name}: {err}"))
                    .with_labels(vec![label]))
            }
            Err(panic) => Err(internal_error(&format!("{name} for {target}"), panic)),
        }
    }

    pub fn name(&self) -> &str {
        &self.files.get(self.root).name
    }
}
