//! The documents of one run, looked up by path, for rules that follow links between files.

use std::path::{Path, PathBuf};

use crate::discover::lexical_normalize;
use crate::document::Document;

pub struct Workspace<'a> {
    /// Sorted by the bytes of the normalised path: normalised paths compare equal exactly
    /// when their bytes do, and bytes compare much faster than path components.
    documents: Vec<(PathBuf, &'a Document)>,
}

fn key(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

/// Extensions a link may leave out: site generators serve `levels/l3` from `levels/l3.md`.
const IMPLIED: &[&str] = &["md", "markdown"];
const INDEX_FILES: &[&str] = &["README.md", "index.md", "_index.md"];

impl<'a> Workspace<'a> {
    pub fn new(documents: impl IntoIterator<Item = &'a Document>) -> Self {
        let mut documents: Vec<(PathBuf, &Document)> = documents
            .into_iter()
            .map(|doc| (lexical_normalize(doc.source.path()), doc))
            .collect();
        documents.sort_by(|a, b| key(&a.0).cmp(key(&b.0)));
        Self { documents }
    }

    pub fn document(&self, path: &Path) -> Option<&'a Document> {
        self.normalized_document(&lexical_normalize(path))
    }

    fn normalized_document(&self, path: &Path) -> Option<&'a Document> {
        self.documents
            .binary_search_by(|(candidate, _)| key(candidate).cmp(key(path)))
            .ok()
            .map(|index| self.documents[index].1)
    }

    /// The file a relative link points at, if it exists: as written, with an implied
    /// Markdown extension, or a directory's index page.
    pub fn resolve(&self, path: &Path) -> Option<PathBuf> {
        let path = lexical_normalize(path);
        if self.normalized_document(&path).is_some() {
            // A linted document: no need to ask the file system.
            return Some(path);
        }
        let exists =
            |candidate: &Path| self.normalized_document(candidate).is_some() || candidate.exists();
        if exists(&path) {
            if path.is_dir() {
                return INDEX_FILES
                    .iter()
                    .map(|name| path.join(name))
                    .find(|p| exists(p))
                    .or(Some(path));
            }
            return Some(path);
        }
        let mut candidates = IMPLIED.iter().map(|extension| {
            let mut with_extension = path.clone().into_os_string();
            with_extension.push(".");
            with_extension.push(extension);
            PathBuf::from(with_extension)
        });
        candidates.find(|candidate| exists(candidate))
    }
}
