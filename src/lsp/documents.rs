//! The open buffers: what the editor shows, which is what prism analyses (not the file on
//! disk). Full-text sync: each change carries the whole buffer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One open buffer.
#[derive(Clone, Debug)]
pub struct Document {
    pub uri: String,
    /// The file it shows, for `file:` URIs (canonical when the file exists).
    pub path: Option<PathBuf>,
    pub version: i32,
    pub text: Arc<String>,
}

/// Every open buffer, by URI.
#[derive(Default)]
pub struct Documents {
    open: HashMap<String, Document>,
}

impl Documents {
    pub fn open(&mut self, uri: &str, version: i32, text: String) -> &Document {
        let document = Document {
            uri: uri.to_string(),
            path: uri_to_path(uri),
            version,
            text: Arc::new(text),
        };
        self.open.insert(uri.to_string(), document);
        &self.open[uri]
    }

    /// Replace a buffer's text; `None` when the document was never opened.
    pub fn change(&mut self, uri: &str, version: i32, text: String) -> Option<&Document> {
        let document = self.open.get_mut(uri)?;
        document.version = version;
        document.text = Arc::new(text);
        Some(document)
    }

    pub fn close(&mut self, uri: &str) -> Option<Document> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &str) -> Option<&Document> {
        self.open.get(uri)
    }

    /// Every open buffer that has a path, by that path: what `#include` reads before disk.
    pub fn unsaved(&self) -> Arc<HashMap<PathBuf, String>> {
        Arc::new(
            self.open
                .values()
                .filter(|d| d.text.len() <= super::MAX_DOCUMENT_BYTES)
                .filter_map(|d| Some((d.path.clone()?, d.text.to_string())))
                .collect(),
        )
    }

    /// Open documents that include `path` through some chain are not tracked; the server
    /// re-analyses every other open document when one changes (see `server.rs`).
    pub fn uris(&self) -> Vec<String> {
        self.open.keys().cloned().collect()
    }
}

/// The path of a `file:` URI (percent-decoded; canonical when it exists).
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file:///path` (empty host) or `file://localhost/path`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(Ok(byte)) = rest.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16)) {
                decoded.push(byte);
                i += 3;
                continue;
            }
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    let path = PathBuf::from(String::from_utf8(decoded).ok()?);
    Some(path.canonicalize().unwrap_or(path))
}

/// The `file:` URI of a path (absolute; bytes outside the unreserved set percent-encoded).
pub fn path_to_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for byte in path.display().to_string().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/no/such dir/é.frag");
        let uri = path_to_uri(path);
        assert_eq!(uri, "file:///no/such%20dir/%C3%A9.frag");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
        assert_eq!(uri_to_path("file:///a%2"), Some(PathBuf::from("/a%2")));
    }
}
