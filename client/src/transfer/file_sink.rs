//! Where `download_file`'s bytes go: the temporary file, each part written at its offset
//! as its body arrives, in any order, so no part is ever held in memory (memory stays at
//! the transports' read buffers). When the object has a full-object checksum, the parts
//! are read back in order as the plan hands them out (from the page cache) and hashed.
//!
//! A part's sink never writes outside its own range: a server that sends more than asked
//! cannot overwrite another part (the plan sees the wrong length and retries the part).

use std::collections::BTreeMap;
use std::fs::File;
use std::io;
use std::sync::Mutex;

use stratus_core::checksum::ChecksumAlgorithm;
use stratus_core::transfer::{
    AbortOutcome, DownloadPlanner, ObjectRef, ObjectVerifier, PartJob, TransferError, TransferPlan, VerifyJob,
};

use super::engine::lock;
use super::sink::SinkOptions;
use super::target::DownloadTarget;
use super::Progress;

/// The positional writer of a download into a file.
pub(crate) struct FileSink<'a> {
    file: File,
    object: ObjectRef,
    path: Option<String>,
    io_chunksize: usize,
    progress: Option<Progress<'a>>,
    /// Per part: its range, and the bytes reported as progress (a retried part is not
    /// reported twice).
    parts: Mutex<BTreeMap<u32, PartRecord>>,
    /// The verifier, taken from the plan at the first drain (`Some(None)`: nothing to
    /// verify). Its lock also keeps concurrent drains in order.
    verifier: Mutex<Option<Option<ObjectVerifier>>>,
}

/// What the sink knows of a part: its range and the bytes reported as progress.
#[derive(Debug, Clone, Copy, Default)]
struct PartRecord {
    offset: u64,
    len: u64,
    reported: u64,
}

impl<'a> FileSink<'a> {
    /// A sink writing into `file` (empty, opened for writing and reading).
    pub fn new(file: File, options: SinkOptions<'a>) -> Self {
        Self {
            file,
            object: options.object,
            path: options.path,
            io_chunksize: options.io_chunksize.max(1),
            progress: options.progress,
            parts: Mutex::new(BTreeMap::new()),
            verifier: Mutex::new(None),
        }
    }

    fn io_error(&self, source: io::Error) -> TransferError {
        let (object, path) = (self.object.clone(), self.path.clone());
        TransferError::Io { object, path, source, abort: AbortOutcome::NotNeeded }
    }

    /// Reports the bytes of part `number` beyond what was already reported.
    fn report(&self, number: u32, written: u64) {
        let Some(progress) = self.progress else { return };
        let fresh = {
            let mut parts = lock(&self.parts);
            let state = parts.entry(number).or_default();
            let fresh = written.min(state.len).saturating_sub(state.reported);
            state.reported += fresh;
            fresh
        };
        if fresh > 0 {
            progress(fresh);
        }
    }

    /// Reads `len` bytes at `offset` back from the file, in chunks of at most
    /// `io_chunksize` (and 1 MiB), handing each to `consume`.
    fn read_back(&self, offset: u64, len: u64, mut consume: impl FnMut(&[u8])) -> io::Result<()> {
        let chunk = self.io_chunksize.min(1 << 20);
        let mut buffer = vec![0u8; chunk.min(usize::try_from(len).unwrap_or(usize::MAX))];
        let mut done = 0;
        while done < len {
            let n = buffer.len().min(usize::try_from(len - done).unwrap_or(usize::MAX));
            read_at(&self.file, &mut buffer[..n], offset + done)?;
            consume(&buffer[..n]);
            done += n as u64;
        }
        Ok(())
    }
}

/// What a part has written in the current attempt.
#[derive(Debug, Default)]
pub(crate) struct Written {
    /// Bytes received (may exceed the part's length; only that many are written).
    received: u64,
    failure: Option<io::Error>,
}

impl<'a> DownloadTarget for FileSink<'a> {
    type PartState = Written;
    type Output = File;

    fn start_part(&self, job: &PartJob) -> Written {
        let mut parts = lock(&self.parts);
        let state = parts.entry(job.number).or_default();
        (state.offset, state.len) = (job.offset, job.len);
        Written::default()
    }

    /// Writes at the part's offset, never past its length.
    fn write(&self, job: &PartJob, state: &mut Written, bytes: &[u8]) -> io::Result<()> {
        let room = usize::try_from(job.len.saturating_sub(state.received)).unwrap_or(usize::MAX);
        let kept = &bytes[..bytes.len().min(room)];
        if let Err(error) = write_at(&self.file, kept, job.offset + state.received) {
            let echo = io::Error::new(error.kind(), error.to_string());
            state.failure = Some(error);
            return Err(echo);
        }
        state.received += bytes.len() as u64;
        self.report(job.number, state.received);
        Ok(())
    }

    fn restart(&self, state: &mut Written) {
        state.received = 0;
    }

    /// Reads the part back from the file.
    fn part_checksum(&self, job: &PartJob, state: &Written, algorithm: ChecksumAlgorithm) -> io::Result<String> {
        let mut hasher = algorithm.checksummer();
        self.read_back(job.offset, state.received.min(job.len), |bytes| hasher.update(bytes))?;
        Ok(hasher.finalize())
    }

    fn range_checksums(&self, job: &VerifyJob) -> io::Result<Vec<String>> {
        job.ranges
            .iter()
            .map(|&(offset, len)| {
                let mut hasher = job.algorithm.checksummer();
                self.read_back(offset, len, |bytes| hasher.update(bytes))?;
                Ok(hasher.finalize())
            })
            .collect()
    }

    fn received(&self, _job: &PartJob, state: Written) -> u64 {
        state.received
    }

    fn failure(state: &mut Written) -> Option<io::Error> {
        state.failure.take()
    }

    fn path(&self) -> Option<String> {
        self.path.clone()
    }

    fn drain(&self, plan: &Mutex<DownloadPlanner>) {
        let mut verifier = lock(&self.verifier);
        loop {
            let next = {
                let mut plan = lock(plan);
                if verifier.is_none() {
                    *verifier = Some(plan.verifier());
                }
                plan.take_writable()
            };
            let Some(number) = next else { return };
            if let Some(Some(verifier)) = verifier.as_mut() {
                let part = lock(&self.parts).get(&number).copied().unwrap_or_default();
                if let Err(error) = self.read_back(part.offset, part.len, |bytes| verifier.update(bytes)) {
                    lock(plan).fail(self.io_error(error));
                    return;
                }
            }
        }
    }

    fn finish(self) -> Result<(File, Option<ChecksumAlgorithm>), TransferError> {
        let verifier = self.verifier.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let verified = match verifier.flatten() {
            Some(verifier) => Some(verifier.finish()?),
            None => None,
        };
        Ok((self.file, verified))
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_at(file: &File, into: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, into, offset)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut offset: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(file, bytes, offset)?;
        if n == 0 {
            return Err(io::Error::from(io::ErrorKind::WriteZero));
        }
        bytes = &bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut into: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !into.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, into, offset)?;
        if n == 0 {
            return Err(io::Error::from(io::ErrorKind::UnexpectedEof));
        }
        into = &mut into[n..];
        offset += n as u64;
    }
    Ok(())
}

/// Elsewhere (wasm32 has no threads): seek, then read or write.
#[cfg(not(any(unix, windows)))]
fn write_at(mut file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    use std::io::{Seek, Write};
    file.seek(io::SeekFrom::Start(offset))?;
    file.write_all(bytes)
}

#[cfg(not(any(unix, windows)))]
fn read_at(mut file: &File, into: &mut [u8], offset: u64) -> io::Result<()> {
    use std::io::{Read, Seek};
    file.seek(io::SeekFrom::Start(offset))?;
    file.read_exact(into)
}
