//! Applying the fixes of a report: each file's edits merged into new text, and written
//! back atomically, so a failed write never leaves a half-written ladder.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use miette::Diagnostic as MietteDiagnostic;
use thiserror::Error;

use crate::Report;
use crate::diagnostic::Edit;

/// One file's fixed text.
#[derive(Debug)]
pub struct FixedFile {
    pub path: PathBuf,
    pub original: String,
    pub fixed: String,
    /// How many findings the edits repair.
    pub fixes: usize,
}

/// A file that could not be fixed; it is left as it was.
#[derive(Debug, Error, MietteDiagnostic)]
pub enum FixError {
    #[error("{path}: cannot fix a read-only file")]
    #[diagnostic(
        code(ladderlint::fix),
        help("make the file writable, or fix it by hand")
    )]
    ReadOnly { path: PathBuf },

    #[error("{path}: cannot write the fixes: {source}; the file is unchanged")]
    #[diagnostic(code(ladderlint::fix))]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// The files `report`'s fixes would change, with their new text. Findings whose edits
/// overlap an edit already taken are left for the next run.
pub fn plan(report: &Report) -> Vec<FixedFile> {
    let mut planned = Vec::new();
    for file in &report.findings {
        let mut edits: Vec<(&Edit, usize)> = Vec::new();
        for (index, diagnostic) in file.diagnostics.iter().enumerate() {
            if let Some(fix) = &diagnostic.fix {
                edits.extend(fix.edits.iter().map(|edit| (edit, index)));
            }
        }
        if edits.is_empty() {
            continue;
        }
        edits.sort_by_key(|(edit, _)| (edit.span.start, edit.span.end));
        let original = file.source.text();
        let mut fixed = String::with_capacity(original.len());
        let mut copied_to = 0;
        let mut fixed_findings: Vec<usize> = Vec::new();
        let mut skipped_findings: Vec<usize> = Vec::new();
        for (edit, finding) in edits {
            let fits = edit.span.start >= copied_to
                && edit.span.end <= original.len()
                && original.is_char_boundary(edit.span.start)
                && original.is_char_boundary(edit.span.end);
            if !fits || skipped_findings.contains(&finding) {
                skipped_findings.push(finding);
                continue;
            }
            fixed.push_str(&original[copied_to..edit.span.start]);
            fixed.push_str(&edit.replacement);
            copied_to = edit.span.end;
            fixed_findings.push(finding);
        }
        fixed.push_str(&original[copied_to..]);
        fixed_findings.sort_unstable();
        fixed_findings.dedup();
        if fixed != original {
            planned.push(FixedFile {
                path: file.source.path().to_owned(),
                original: original.to_owned(),
                fixed,
                fixes: fixed_findings.len(),
            });
        }
    }
    planned
}

/// A unified diff of the fix, as `--diff` shows it.
pub fn unified_diff(file: &FixedFile) -> String {
    let path = file.path.display().to_string();
    similar::TextDiff::from_lines(&file.original, &file.fixed)
        .unified_diff()
        .context_radius(2)
        .header(&path, &path)
        .to_string()
}

/// Write `contents` to `path` atomically: into a temporary file beside it, then renamed
/// over it, keeping its permissions. A read-only file is refused.
pub fn write_atomically(path: &Path, contents: &str) -> Result<(), FixError> {
    write_atomically_with(path, contents, |file, bytes| file.write_all(bytes))
}

/// [`write_atomically`], with the write itself given, so tests can make it fail.
pub fn write_atomically_with(
    path: &Path,
    contents: &str,
    write: impl FnOnce(&mut File, &[u8]) -> io::Result<()>,
) -> Result<(), FixError> {
    let failed = |source: io::Error| FixError::Write {
        path: path.to_owned(),
        source,
    };
    // Write through a symlink to the file it names, rather than replacing the link.
    let path = &fs::canonicalize(path).map_err(failed)?;
    let permissions = fs::metadata(path).map_err(failed)?.permissions();
    if permissions.readonly() {
        return Err(FixError::ReadOnly {
            path: path.to_owned(),
        });
    }
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = directory.join(format!(".{file_name}.ladderlint-fix"));
    let result = (|| {
        let mut file = File::create(&temporary)?;
        write(&mut file, contents.as_bytes())?;
        file.sync_all()?;
        fs::set_permissions(&temporary, permissions)?;
        fs::rename(&temporary, path)
    })();
    if let Err(error) = result {
        // Best effort: the original is intact either way.
        let _ = fs::remove_file(&temporary);
        return Err(failed(error));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_original_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("L1.md");
        fs::write(&path, "# L1: Engineer\n").unwrap();
        let result = write_atomically_with(&path, "# L1: Software Engineer\n", |file, bytes| {
            file.write_all(&bytes[..4])?;
            Err(io::Error::other("disk full"))
        });
        assert!(matches!(result, Err(FixError::Write { .. })));
        assert_eq!(fs::read_to_string(&path).unwrap(), "# L1: Engineer\n");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["L1.md"]);
    }

    #[test]
    fn permissions_survive_the_rename() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("L1.md");
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, "new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
