//! Where `download_fileobj`'s bytes go: parts arrive in any order into a reorder buffer
//! and are written strictly in order (as the planner hands them out), hashed for
//! verification on the way, so non-seekable writers work. Also the temporary file of
//! `download_file` ([`TempTarget`]).

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use stratus_core::checksum::ChecksumAlgorithm;
use stratus_core::transfer::{
    AbortOutcome, DownloadPlanner, ObjectRef, ObjectVerifier, PartJob, TransferError, TransferPlan, VerifyJob,
};

use super::engine::lock;
use super::target::DownloadTarget;
use super::Progress;

struct Output<W> {
    writer: W,
    /// The verifier, taken from the plan at the first write (`Some(None)`: nothing to verify).
    verifier: Option<Option<ObjectVerifier>>,
}

/// The ordered writer of a download.
pub(crate) struct Sink<'a, W> {
    object: ObjectRef,
    path: Option<String>,
    io_chunksize: usize,
    progress: Option<Progress<'a>>,
    buffer: Mutex<BTreeMap<u32, Vec<u8>>>,
    output: Mutex<Output<W>>,
}

/// Options of [`Sink::new`] and [`super::file_sink::FileSink::new`].
pub(crate) struct SinkOptions<'a> {
    pub object: ObjectRef,
    /// The local file, for error messages.
    pub path: Option<String>,
    pub io_chunksize: usize,
    pub progress: Option<Progress<'a>>,
}

impl<'a, W: Write + Send> Sink<'a, W> {
    pub fn new(writer: W, options: SinkOptions<'a>) -> Self {
        Self {
            object: options.object,
            path: options.path,
            io_chunksize: options.io_chunksize.max(1),
            progress: options.progress,
            buffer: Mutex::new(BTreeMap::new()),
            output: Mutex::new(Output { writer, verifier: None }),
        }
    }

    fn io_error(&self, source: io::Error) -> TransferError {
        TransferError::Io {
            object: self.object.clone(),
            path: self.path.clone(),
            source,
            abort: AbortOutcome::NotNeeded,
        }
    }

    /// Writes every part the plan says is next, in order. Holding the output lock while
    /// asking the plan keeps concurrent drains from interleaving.
    fn write_ready(&self, plan: &Mutex<DownloadPlanner>) {
        let mut output = lock(&self.output);
        loop {
            let next = {
                let mut plan = lock(plan);
                if output.verifier.is_none() {
                    output.verifier = Some(plan.verifier());
                }
                plan.take_writable()
            };
            let Some(number) = next else { return };
            let body = lock(&self.buffer).remove(&number).unwrap_or_default();
            if let Err(error) = self.write(&mut output, &body) {
                lock(plan).fail(self.io_error(error));
                return;
            }
        }
    }

    fn write(&self, output: &mut Output<W>, body: &[u8]) -> io::Result<()> {
        for chunk in body.chunks(self.io_chunksize) {
            output.writer.write_all(chunk)?;
            if let Some(Some(verifier)) = &mut output.verifier {
                verifier.update(chunk);
            }
            if let Some(progress) = self.progress {
                progress(chunk.len() as u64);
            }
        }
        Ok(())
    }

    /// Flushes the writer and checks the checksum; returns the writer and the algorithm
    /// verified.
    fn flush_and_verify(self) -> Result<(W, Option<ChecksumAlgorithm>), TransferError> {
        let output = self.output.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Output { mut writer, verifier } = output;
        writer.flush().map_err(|e| TransferError::Io {
            object: self.object.clone(),
            path: self.path.clone(),
            source: e,
            abort: AbortOutcome::NotNeeded,
        })?;
        let verified = match verifier.flatten() {
            Some(verifier) => Some(verifier.finish()?),
            None => None,
        };
        Ok((writer, verified))
    }
}

/// Parts are collected in memory (at most the plan's window of them) until their turn.
impl<W: Write + Send> DownloadTarget for Sink<'_, W> {
    type PartState = Vec<u8>;
    type Output = W;

    fn start_part(&self, job: &PartJob) -> Vec<u8> {
        Vec::with_capacity(usize::try_from(job.len).unwrap_or(0))
    }

    fn write(&self, _job: &PartJob, state: &mut Vec<u8>, bytes: &[u8]) -> io::Result<()> {
        state.extend_from_slice(bytes);
        Ok(())
    }

    fn restart(&self, state: &mut Vec<u8>) {
        state.clear();
    }

    fn part_checksum(&self, _job: &PartJob, state: &Vec<u8>, algorithm: ChecksumAlgorithm) -> io::Result<String> {
        Ok(algorithm.checksum(state))
    }

    fn range_checksums(&self, _job: &VerifyJob) -> io::Result<Vec<String>> {
        Err(io::Error::new(io::ErrorKind::Unsupported, "a writer cannot be read back"))
    }

    /// Keeps the body until its turn to be written (a retry replaces it).
    fn received(&self, job: &PartJob, state: Vec<u8>) -> u64 {
        let bytes = state.len() as u64;
        lock(&self.buffer).insert(job.number, state);
        bytes
    }

    fn failure(_state: &mut Vec<u8>) -> Option<io::Error> {
        None
    }

    fn path(&self) -> Option<String> {
        self.path.clone()
    }

    fn drain(&self, plan: &Mutex<DownloadPlanner>) {
        self.write_ready(plan);
    }

    fn finish(self) -> Result<(W, Option<ChecksumAlgorithm>), TransferError> {
        self.flush_and_verify()
    }
}

/// A temporary file beside a download target (`<target>.<random>.stratus-tmp`), removed
/// when dropped unless [`TempTarget::persist`] renamed it onto the target.
#[derive(Debug)]
pub(crate) struct TempTarget {
    temp: PathBuf,
    target: PathBuf,
    persisted: bool,
}

impl TempTarget {
    /// Creates the temporary file (never an existing one) for `target`.
    pub fn create(target: &Path, random: [u8; 4]) -> io::Result<(Self, File)> {
        let mut name = target.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(format!(".{}.stratus-tmp", hex::encode(random)));
        let temp = target.with_file_name(name);
        let file = OpenOptions::new().read(true).write(true).create_new(true).open(&temp)?;
        Ok((Self { temp, target: target.to_owned(), persisted: false }, file))
    }

    /// The temporary file's path.
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Renames the temporary file onto the target (replacing it).
    pub fn persist(mut self) -> io::Result<()> {
        std::fs::rename(&self.temp, &self.target)?;
        self.persisted = true;
        Ok(())
    }
}

impl Drop for TempTarget {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
