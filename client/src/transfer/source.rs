//! Where upload bytes come from: a file (any part read at its offset, in parallel) or a
//! reader (parts read strictly in order, each by the worker that got it, taking turns).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

use super::engine::lock;

/// The bytes of an upload.
pub(crate) trait Source: Sync {
    /// Reads part `number`: `len` bytes at `offset`. A stream returns fewer at its end
    /// (none when it ended before the part).
    fn read_part(&self, number: u32, offset: u64, len: u64) -> io::Result<Vec<u8>>;

    /// The local path, for error messages.
    fn path(&self) -> Option<String>;

    /// Whether the length is unknown (a short read ends the upload instead of failing).
    fn is_stream(&self) -> bool;
}

/// A file read at part offsets; each read opens the file, so parts are read in parallel.
#[derive(Debug)]
pub(crate) struct FileSource {
    path: PathBuf,
}

impl FileSource {
    pub fn new(path: &Path) -> Self {
        Self { path: path.to_owned() }
    }
}

/// Reads up to `len` bytes (fewer only at the end of `reader`).
pub(crate) fn read_up_to(reader: &mut impl Read, len: u64, into: &mut Vec<u8>) -> io::Result<()> {
    let start = into.len();
    reader.take(len).read_to_end(into)?;
    debug_assert!(into.len() - start <= len as usize);
    Ok(())
}

impl Source for FileSource {
    fn read_part(&self, _number: u32, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        let mut file = File::open(&self.path)?;
        file.seek(SeekFrom::Start(offset))?;
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        read_up_to(&mut file, len, &mut bytes)?;
        if (bytes.len() as u64) < len {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file became shorter during the upload"));
        }
        Ok(bytes)
    }

    fn path(&self) -> Option<String> {
        Some(self.path.display().to_string())
    }

    fn is_stream(&self) -> bool {
        false
    }
}

struct StreamState<R> {
    reader: R,
    /// Bytes read ahead (to decide between one request and a multipart upload).
    prefix: Vec<u8>,
    prefix_used: usize,
    /// The part whose turn it is to read.
    turn: u32,
    /// The first read error, repeated to every later part (whichever part reports first,
    /// the transfer fails with the real cause; never mistaken for the end of the stream).
    failed: Option<(io::ErrorKind, String)>,
}

/// A reader consumed in part order; memory is bounded by the parts being read or sent.
pub(crate) struct StreamSource<R> {
    state: Mutex<StreamState<R>>,
    turn_changed: Condvar,
    known_length: bool,
}

impl<R: Read + Send> StreamSource<R> {
    /// A source whose first bytes were already read into `prefix`; `known_length` when
    /// the reader is known to be at its end (the whole stream is in `prefix`).
    pub fn new(reader: R, prefix: Vec<u8>, known_length: bool) -> Self {
        let state = StreamState { reader, prefix, prefix_used: 0, turn: 1, failed: None };
        Self { state: Mutex::new(state), turn_changed: Condvar::new(), known_length }
    }

    fn read_turn(state: &mut StreamState<R>, len: u64) -> io::Result<Vec<u8>> {
        let from_prefix = (state.prefix.len() - state.prefix_used).min(usize::try_from(len).unwrap_or(usize::MAX));
        let mut bytes = state.prefix[state.prefix_used..state.prefix_used + from_prefix].to_vec();
        state.prefix_used += from_prefix;
        if state.prefix_used == state.prefix.len() {
            state.prefix = Vec::new();
            state.prefix_used = 0;
        }
        let rest = len - from_prefix as u64;
        if rest > 0 {
            bytes.reserve(usize::try_from(rest).unwrap_or(0));
            read_up_to(&mut state.reader, rest, &mut bytes)?;
        }
        Ok(bytes)
    }
}

impl<R: Read + Send> Source for StreamSource<R> {
    fn read_part(&self, number: u32, _offset: u64, len: u64) -> io::Result<Vec<u8>> {
        let mut state = lock(&self.state);
        while state.turn != number && state.failed.is_none() {
            state = self.turn_changed.wait(state).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        if let Some((kind, message)) = &state.failed {
            return Err(io::Error::new(*kind, message.clone()));
        }
        let result = Self::read_turn(&mut state, len);
        state.turn += 1;
        if let Err(error) = &result {
            state.failed = Some((error.kind(), error.to_string()));
        }
        drop(state);
        self.turn_changed.notify_all();
        result
    }

    fn path(&self) -> Option<String> {
        None
    }

    fn is_stream(&self) -> bool {
        !self.known_length
    }
}

/// Reads the start of `reader` to choose between one `PutObject` and a multipart upload
/// (as s3transfer does for non-seekable streams): up to `threshold` bytes (at least 1).
/// Returns the bytes and whether the stream ended within them.
pub(crate) fn probe(reader: &mut impl Read, threshold: u64) -> io::Result<(Vec<u8>, bool)> {
    let limit = threshold.max(1);
    let mut prefix = Vec::new();
    read_up_to(reader, limit, &mut prefix)?;
    let ended = (prefix.len() as u64) < limit;
    Ok((prefix, ended))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_parts_come_in_order_from_prefix_then_reader() {
        let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let mut reader = io::Cursor::new(data.clone());
        let (prefix, ended) = probe(&mut reader, 300).expect("probe");
        assert!(!ended);
        let source = StreamSource::new(reader, prefix, false);
        let p1 = source.read_part(1, 0, 400).expect("part 1");
        let p2 = source.read_part(2, 400, 400).expect("part 2");
        let p3 = source.read_part(3, 800, 400).expect("part 3");
        let p4 = source.read_part(4, 1200, 400).expect("part 4");
        assert_eq!([p1, p2, p3].concat(), data);
        assert!(p4.is_empty());
    }

    #[test]
    fn a_read_error_is_repeated_to_later_parts() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::BrokenPipe, "the producer died"))
            }
        }
        let source = StreamSource::new(Broken, vec![1, 2, 3], false);
        assert_eq!(source.read_part(1, 0, 3).expect("from the prefix"), [1, 2, 3]);
        let first = source.read_part(2, 3, 3).expect_err("broken");
        let later = source.read_part(3, 6, 3).expect_err("still broken");
        assert_eq!((first.kind(), later.kind()), (io::ErrorKind::BrokenPipe, io::ErrorKind::BrokenPipe));
        assert_eq!(later.to_string(), "the producer died");
    }

    #[test]
    fn a_short_stream_is_known_after_the_probe() {
        let mut reader = io::Cursor::new(vec![7u8; 10]);
        let (prefix, ended) = probe(&mut reader, 300).expect("probe");
        assert!(ended && prefix.len() == 10);
        let (prefix, ended) = probe(&mut io::empty(), 0).expect("probe");
        assert!(ended && prefix.is_empty());
    }
}
