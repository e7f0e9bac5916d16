//! Reading one file into a [`Source`], refusing what is not lintable Markdown text.

use std::fs::OpenOptions;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use crate::error::FileError;
use crate::source::{Source, Span};

/// A file that could not be loaded, with what can still be shown of it.
pub struct LoadFailure {
    pub error: FileError,
    /// The text as far as it can be shown (lossy for non-UTF-8), or empty.
    pub source: Source,
    pub span: Span,
}

/// Binary files are recognised by a NUL byte in their first 8 KiB, as git does.
const BINARY_PROBE: usize = 8 * 1024;

pub fn load(path: &Path, max_size: u64) -> Result<Source, LoadFailure> {
    let fail = |error: FileError| LoadFailure {
        error,
        source: Source::new(path, ""),
        span: Span::default(),
    };
    // Opening follows symlinks, so a dangling link or a loop fails here. Non-blocking, so
    // that opening a FIFO returns at once; it is then refused as not a regular file.
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|error| fail(FileError::Io(error)))?;
    let metadata = file
        .metadata()
        .map_err(|error| fail(FileError::Io(error)))?;
    if !metadata.is_file() {
        // FIFOs and devices would block or never end.
        return Err(fail(FileError::NotAFile));
    }
    if metadata.len() > max_size {
        return Err(fail(FileError::TooLarge {
            size: metadata.len(),
            limit: max_size,
        }));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize + 1);
    // The file may have grown since it was measured; never read past the limit.
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| fail(FileError::Io(error)))?;
    from_bytes(path, bytes, max_size)
}

/// Turn the bytes of the file at `path` (read from disk, or an editor's unsaved buffer)
/// into a [`Source`], refusing what is too large, binary or not UTF-8.
pub fn from_bytes(path: &Path, bytes: Vec<u8>, max_size: u64) -> Result<Source, LoadFailure> {
    let fail = |error: FileError| LoadFailure {
        error,
        source: Source::new(path, ""),
        span: Span::default(),
    };
    if bytes.len() as u64 > max_size {
        return Err(fail(FileError::TooLarge {
            size: bytes.len() as u64,
            limit: max_size,
        }));
    }
    let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
    if let Some(offset) = memchr::memchr(0, probe) {
        return Err(fail(FileError::Binary { offset }));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(path, text)),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
            // Bytes before the first bad one are unchanged; it became U+FFFD (3 bytes).
            let span = Span::new(offset, (offset + '\u{FFFD}'.len_utf8()).min(lossy.len()));
            Err(LoadFailure {
                error: FileError::NotUtf8 { offset },
                source: Source::new(path, lossy),
                span,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::load;

    #[test]
    fn no_size_limit_reads_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("L1.md");
        std::fs::write(&path, "# L1\n").unwrap();
        let source = load(&path, u64::MAX).ok().expect("loads");
        assert_eq!(source.text(), "# L1\n");
    }
}
