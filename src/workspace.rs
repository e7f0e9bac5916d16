//! The documents of one run, looked up by path, for rules that follow links between files.

use std::path::{Path, PathBuf};

use crate::discover::lexical_normalize;
use crate::document::Document;

/// What a relative link points at.
pub enum LinkTarget<'a> {
    /// A document of this run.
    Document(&'a Document),
    /// A file outside the run, by its normalised path.
    File(PathBuf),
}

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

    fn normalized_document(&self, path: &Path) -> Option<&'a Document> {
        self.documents
            .binary_search_by(|(candidate, _)| key(candidate).cmp(key(path)))
            .ok()
            .map(|index| self.documents[index].1)
    }

    /// What a relative link points at, if it exists: the file as written, with an implied
    /// Markdown extension, or a directory's index page. `path` joins the link to the
    /// linking file's directory.
    pub fn resolve(&self, path: PathBuf) -> Option<LinkTarget<'a>> {
        let path = lexical_normalize(path);
        if let Some(document) = self.normalized_document(&path) {
            // A linted document: no need to ask the file system.
            return Some(LinkTarget::Document(document));
        }
        // One metadata call tells both whether it exists and whether it is a directory.
        if let Ok(metadata) = path.metadata() {
            if metadata.is_dir() {
                return Some(
                    INDEX_FILES
                        .iter()
                        .find_map(|name| self.existing(path.join(name)))
                        .unwrap_or(LinkTarget::File(path)),
                );
            }
            return Some(LinkTarget::File(path));
        }
        IMPLIED.iter().find_map(|extension| {
            let mut with_extension = path.clone().into_os_string();
            with_extension.push(".");
            with_extension.push(extension);
            self.existing(PathBuf::from(with_extension))
        })
    }

    /// The target at `path`, a normalised path, if it is a linted document or exists.
    fn existing(&self, path: PathBuf) -> Option<LinkTarget<'a>> {
        if let Some(document) = self.normalized_document(&path) {
            Some(LinkTarget::Document(document))
        } else {
            path.exists().then_some(LinkTarget::File(path))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn target_name(target: Option<LinkTarget<'_>>) -> String {
        match target {
            Some(LinkTarget::Document(document)) => {
                format!("document {}", document.source.path().display())
            }
            Some(LinkTarget::File(path)) => format!("file {}", path.display()),
            None => "missing".to_owned(),
        }
    }

    #[test]
    fn links_resolve_to_documents_files_and_index_pages() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            ("levels/L1.md", "# L1\n"),
            ("team/README.md", "# Team\n"),
            ("notes/guide.markdown", "# Guide\n"),
            ("assets/logo.png", "png"),
        ] {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            std::fs::write(root.join(path), text).unwrap();
        }
        std::fs::create_dir_all(root.join("empty")).unwrap();
        let linted = [
            Document::parse(Source::new(root.join("levels/L1.md"), "# L1\n")),
            Document::parse(Source::new(root.join("team/README.md"), "# Team\n")),
        ];
        let workspace = Workspace::new(&linted);
        let resolve = |link: &str| {
            let found = target_name(workspace.resolve(root.join("levels").join(link)));
            found.replace(&root.display().to_string(), "")
        };
        assert_eq!(resolve("L1.md"), "document /levels/L1.md");
        assert_eq!(resolve("./../levels/L1"), "document /levels/L1.md");
        assert_eq!(resolve("../team"), "document /team/README.md");
        assert_eq!(resolve("../team/"), "document /team/README.md");
        assert_eq!(resolve("../notes/guide"), "file /notes/guide.markdown");
        assert_eq!(resolve("../assets/logo.png"), "file /assets/logo.png");
        assert_eq!(resolve("../empty"), "file /empty");
        assert_eq!(resolve("L2.md"), "missing");
    }
}
