//! Where upload bytes come from: a file (any part read at its offset, in parallel) or a
//! reader (parts read strictly in order, each by the worker that got it, taking turns).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

use super::engine::lock;

/// The bytes of an upload.
pub(crate) trait Source: Sync {
    /// Reads part `number`, `into.len()` bytes at `offset`, into `into`; returns how many
    /// were read. A stream fills less at its end (nothing when it ended before the part).
    fn read_part(&self, number: u32, offset: u64, into: &mut [u8]) -> io::Result<usize>;

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
fn read_up_to(reader: &mut impl Read, len: u64, into: &mut Vec<u8>) -> io::Result<()> {
    let start = into.len();
    reader.take(len).read_to_end(into)?;
    debug_assert!(into.len() - start <= len as usize);
    Ok(())
}

/// Fills `into` from `reader`; returns the bytes read (fewer only at the end of `reader`).
fn fill(reader: &mut impl Read, into: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < into.len() {
        match reader.read(&mut into[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

impl Source for FileSource {
    fn read_part(&self, _number: u32, offset: u64, into: &mut [u8]) -> io::Result<usize> {
        let mut file = File::open(&self.path)?;
        file.seek(SeekFrom::Start(offset))?;
        let read = fill(&mut file, into)?;
        if read < into.len() {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file became shorter during the upload"));
        }
        Ok(read)
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

    fn read_turn(state: &mut StreamState<R>, into: &mut [u8]) -> io::Result<usize> {
        let from_prefix = (state.prefix.len() - state.prefix_used).min(into.len());
        into[..from_prefix].copy_from_slice(&state.prefix[state.prefix_used..state.prefix_used + from_prefix]);
        state.prefix_used += from_prefix;
        if state.prefix_used == state.prefix.len() {
            state.prefix = Vec::new();
            state.prefix_used = 0;
        }
        Ok(from_prefix + fill(&mut state.reader, &mut into[from_prefix..])?)
    }
}

impl<R: Read + Send> Source for StreamSource<R> {
    fn read_part(&self, number: u32, _offset: u64, into: &mut [u8]) -> io::Result<usize> {
        let mut state = lock(&self.state);
        while state.turn != number && state.failed.is_none() {
            state = self.turn_changed.wait(state).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        if let Some((kind, message)) = &state.failed {
            return Err(io::Error::new(*kind, message.clone()));
        }
        let result = Self::read_turn(&mut state, into);
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
        let mut parts = vec![[0u8; 400]; 4];
        let read: Vec<usize> =
            parts.iter_mut().enumerate().map(|(i, p)| source.read_part(i as u32 + 1, 0, p).expect("a part")).collect();
        assert_eq!(read, [400, 400, 200, 0]);
        assert_eq!(parts.concat()[..1000], data);
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
        let mut part = [0u8; 3];
        assert_eq!(source.read_part(1, 0, &mut part).expect("from the prefix"), 3);
        assert_eq!(part, [1, 2, 3]);
        let first = source.read_part(2, 3, &mut part).expect_err("broken");
        let later = source.read_part(3, 6, &mut part).expect_err("still broken");
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
