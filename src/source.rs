//! Source files as the user wrote them, and locations inside them.
//!
//! In: bytes read from disk (or given by a caller). Out: a [`SourceFiles`] table that owns
//! every file a compilation touched (the root shader and everything it `#include`s), and the
//! [`Loc`] type that every later stage uses to point back at the user's own text.
//!
//! Every diagnostic and every per-line count in prism is expressed as a [`Loc`]: a file id and a
//! byte range in that file's *original* text. The dialect layer and the preprocessor rewrite the
//! text naga sees, but they carry these locations along, so nothing downstream ever has to
//! know that a rewrite happened.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// Index of a file in [`SourceFiles`]; also the file id codespan-reporting sees.
pub type FileId = usize;

/// Files larger than this are refused before any parsing: shaders are kilobytes, and a
/// multi-megabyte input is almost always a mistake (a binary, a log) that would only make
/// every later stage slow.
pub const MAX_SOURCE_BYTES: u64 = 8 * 1024 * 1024;

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Loc {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Loc {
            file,
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest location covering both, when they are in the same file.
    pub fn join(self, other: Loc) -> Loc {
        if self.file != other.file {
            return self;
        }
        Loc {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One file: its display name (as the user named it), where it came from, and its text.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub path: Option<PathBuf>,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, path: Option<PathBuf>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = codespan_reporting::files::line_starts(&text).collect();
        SourceFile {
            name: name.into(),
            path,
            text,
            line_starts,
        }
    }

    /// Zero-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// One-based (line, column) of a byte offset; the column counts characters.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    pub fn line_range(&self, line_index: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line_index)?;
        let end = self
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(start..end)
    }

    /// One line's text without its line break.
    pub fn line_text(&self, line_index: usize) -> Option<&str> {
        let range = self.line_range(line_index)?;
        Some(self.text[range].trim_end_matches(['\n', '\r']))
    }
}

/// Every file one compilation read. Implements codespan-reporting's `Files`, so diagnostics
/// render against the user's original text.
#[derive(Debug, Default)]
pub struct SourceFiles {
    files: Vec<SourceFile>,
}

impl SourceFiles {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The file the user knows by this name (reports name files, not ids).
    pub fn by_name(&self, name: &str) -> Option<&SourceFile> {
        self.files.iter().find(|file| file.name == name)
    }

    /// The file already loaded from this path, if any (include guards, cycles).
    pub fn find_path(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|file| file.path.as_deref() == Some(path))
    }

    /// One-based (line, column) of a location's start.
    pub fn line_col(&self, loc: Loc) -> (usize, usize) {
        self.get(loc.file).line_col(loc.start as usize)
    }
}

impl<'a> codespan_reporting::files::Files<'a> for SourceFiles {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .map(|file| file.name.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .map(|file| file.text.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn line_index(
        &'a self,
        id: FileId,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        Ok(file.line_index(byte))
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        file.line_range(line_index)
            .ok_or(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: file.line_count() - 1,
            })
    }
}

/// Why a file could not be read as shader source.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: no such file")]
    NotFound { path: String },
    #[error("{path}: is a directory (use `--check` to compile every shader under it)")]
    IsDirectory { path: String },
    #[error("{path}: file is {size} bytes, larger than prism's limit of {limit} bytes for a shader source")]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}: not UTF-8 text (invalid byte at line {line}, column {column}); is this a binary file?")]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Read raw bytes with the size limit applied before the whole file is loaded.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let display = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound {
            path: display.clone(),
        },
        _ => ReadError::Io {
            path: display.clone(),
            source,
        },
    })?;
    if meta.is_dir() {
        return Err(ReadError::IsDirectory { path: display });
    }
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(ReadError::TooLarge {
            path: display,
            size: meta.len(),
            limit: MAX_SOURCE_BYTES,
        });
    }
    std::fs::read(path).map_err(|source| ReadError::Io {
        path: display,
        source,
    })
}

/// Turn bytes into text, naming the line and column of the first invalid byte.
pub fn decode_utf8(path: &Path, bytes: Vec<u8>) -> Result<String, ReadError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            Err(ReadError::NotUtf8 {
                path: path.display().to_string(),
                line,
                column,
            })
        }
    }
}

/// Read a text file: size limit, directory check, UTF-8 check, all with the path in the error.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    decode_utf8(path, read_bytes(path)?)
}
