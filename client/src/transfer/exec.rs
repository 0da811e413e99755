//! The executors of the three planners over a [`Client`]: uploads read a [`Source`] into
//! reused [`PartBuffers`], downloads stream into a [`DownloadTarget`], copies only call.
//! Shared: progress and `max_bandwidth`.

use std::future::Future;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use stratus_core::http::Payload;
use stratus_core::transfer::{
    DownloadPlanner, OpCall, PartJob, PartOutcome, TokenBucket, TransferConfig, UploadPlanner, VerifyJob,
};
use stratus_core::transport::Transport;
use stratus_core::{Document, Error};
use time::OffsetDateTime;

use super::buffers::PartBuffers;
use super::engine::{lock, Executor, Prepared};
use super::source::Source;
use super::target::{DownloadTarget, PartSink};
use super::Progress;
use crate::{CallOptions, Client};

/// `max_bandwidth`: a token bucket on the transport's clock.
struct Throttle {
    bucket: Mutex<TokenBucket>,
    origin: OffsetDateTime,
}

/// What every executor has: the client, the progress callback, the throttle.
pub(crate) struct Common<'a, T> {
    client: &'a Client<T>,
    progress: Option<Progress<'a>>,
    reported: AtomicU64,
    throttle: Option<Throttle>,
}

impl<'a, T: Transport> Common<'a, T> {
    pub fn new(client: &'a Client<T>, config: &TransferConfig, progress: Option<Progress<'a>>) -> Self {
        let throttle = config
            .max_bandwidth
            .map(|rate| Throttle { bucket: Mutex::new(TokenBucket::new(rate)), origin: client.transport().now() });
        Self { client, progress, reported: AtomicU64::new(0), throttle }
    }

    /// Waits until `bytes` may move.
    async fn throttle(&self, bytes: u64) {
        let Some(throttle) = &self.throttle else { return };
        let now = self.client.transport().now() - throttle.origin;
        let now = Duration::try_from(now).unwrap_or(Duration::ZERO);
        let delay = lock(&throttle.bucket).acquire(bytes, now);
        if !delay.is_zero() {
            self.client.transport().sleep(delay).await;
        }
    }

    fn progress(&self, bytes: u64) {
        if let (Some(progress), true) = (self.progress, bytes > 0) {
            self.reported.fetch_add(bytes, Ordering::Relaxed);
            progress(bytes);
        }
    }

    /// Reports what is left of `total` (a transfer done by one call reports at its end).
    pub fn report_remainder(&self, total: u64) {
        self.progress(total.saturating_sub(self.reported.load(Ordering::Relaxed)));
    }

    fn call(&self, call: OpCall) -> impl Future<Output = Result<Document, Error>> + 'a {
        let client = self.client;
        async move { client.call(call.operation, call.input).await }
    }
}

fn outcome(result: Result<Document, Error>, bytes: u64, checksum: Option<String>) -> PartOutcome {
    match result {
        Ok(output) => PartOutcome::Done { output, bytes, checksum },
        Err(error) => PartOutcome::Failed(error),
    }
}

/// Runs an upload: `PutObject`/`UploadPart` bodies are read from the source into pooled
/// buffers that become the request bodies without a copy.
pub(crate) struct UploadExec<'a, T> {
    common: Common<'a, T>,
    source: &'a dyn Source,
    buffers: PartBuffers,
}

impl<'a, T: Transport> UploadExec<'a, T> {
    /// The executor of `planner`, with its full-size part buffers allocated now.
    pub fn new(
        common: Common<'a, T>,
        source: &'a dyn Source,
        config: &TransferConfig,
        planner: &UploadPlanner,
    ) -> Self {
        let (len, count) = planner.part_buffers();
        let len = usize::try_from(len).unwrap_or(0);
        Self { common, source, buffers: PartBuffers::prefilled(config.concurrency(), len, count) }
    }

    /// Reads `job`'s bytes: a full pooled buffer, or an exact copy of a stream's short
    /// last part. `None` when a stream ended before the part.
    fn read(&self, job: &PartJob) -> io::Result<Option<Arc<[u8]>>> {
        let len = usize::try_from(job.len).map_err(|_| io::Error::other("a part does not fit in memory"))?;
        let mut buffer = self.buffers.take(len);
        let into = Arc::get_mut(&mut buffer).ok_or_else(|| io::Error::other("internal error: a shared part buffer"))?;
        let read = self.source.read_part(job.number, job.offset, into)?;
        if read == len {
            return Ok(Some(buffer));
        }
        let short = (read > 0 || !self.source.is_stream()).then(|| Arc::from(&buffer[..read]));
        self.buffers.give_back(buffer);
        Ok(short)
    }
}

impl<P, T: Transport> Executor<P> for UploadExec<'_, T> {
    fn call(&self, call: OpCall) -> impl Future<Output = Result<Document, Error>> {
        self.common.call(call)
    }

    fn prepare(&self, job: &mut PartJob) -> Result<Prepared, PartOutcome> {
        let body = match self.read(job) {
            Ok(Some(body)) => body,
            Ok(None) => return Err(PartOutcome::NoData),
            Err(source) => return Err(PartOutcome::Io { source, path: self.source.path() }),
        };
        let checksum = job.checksum.map(|algorithm| algorithm.checksum(&body));
        if let Some(value) = &checksum {
            job.set_checksum(value.clone());
        }
        Ok(Prepared { body: Some(body), checksum })
    }

    async fn send(&self, job: &PartJob, prepared: &Prepared) -> PartOutcome {
        let len = prepared.body.as_ref().map_or(0, |body| body.len() as u64);
        self.common.throttle(len).await;
        let options = CallOptions { payload: prepared.body.as_ref().map(Payload::Shared), raw_output: false };
        let result = self.common.client.call_with(job.operation, job.input.clone(), options).await;
        outcome(result.map(|o| o.document), len, prepared.checksum.clone())
    }

    fn accepted(&self, _job: &PartJob, bytes: u64, _plan: &Mutex<P>) {
        self.common.progress(bytes);
    }

    fn release(&self, prepared: Prepared) {
        if let Some(body) = prepared.body {
            self.buffers.give_back(body);
        }
    }
}

/// Runs a download: each `GetObject` body streams into the target as it arrives.
pub(crate) struct DownloadExec<'a, 's, T, D> {
    pub common: Common<'a, T>,
    pub target: &'s D,
}

impl<T: Transport, D: DownloadTarget> Executor<DownloadPlanner> for DownloadExec<'_, '_, T, D> {
    fn call(&self, call: OpCall) -> impl Future<Output = Result<Document, Error>> {
        self.common.call(call)
    }

    fn prepare(&self, _job: &mut PartJob) -> Result<Prepared, PartOutcome> {
        Ok(Prepared::default())
    }

    async fn send(&self, job: &PartJob, _prepared: &Prepared) -> PartOutcome {
        self.common.throttle(job.len).await;
        let mut part = PartSink::new(self.target, job);
        let input = job.input.clone();
        let result = self.common.client.call_streaming(job.operation, input, CallOptions::default(), &mut part).await;
        if let Some(source) = D::failure(&mut part.state) {
            return PartOutcome::Io { source, path: self.target.path() };
        }
        let output = match result {
            Ok(output) => output,
            Err(error) => return PartOutcome::Failed(error),
        };
        let checksum = match job.checksum.map(|algorithm| self.target.part_checksum(job, &part.state, algorithm)) {
            Some(Err(source)) => return PartOutcome::Io { source, path: self.target.path() },
            Some(Ok(value)) => Some(value),
            None => None,
        };
        let bytes = self.target.received(job, part.state);
        PartOutcome::Done { output, bytes, checksum }
    }

    fn accepted(&self, _job: &PartJob, _bytes: u64, plan: &Mutex<DownloadPlanner>) {
        self.target.drain(plan);
    }

    fn verify(&self, job: &VerifyJob) -> io::Result<Vec<String>> {
        self.target.range_checksums(job)
    }
}

/// Runs a copy: S3 moves the bytes.
pub(crate) struct CopyExec<'a, T> {
    pub common: Common<'a, T>,
}

impl<P, T: Transport> Executor<P> for CopyExec<'_, T> {
    fn call(&self, call: OpCall) -> impl Future<Output = Result<Document, Error>> {
        self.common.call(call)
    }

    fn prepare(&self, _job: &mut PartJob) -> Result<Prepared, PartOutcome> {
        Ok(Prepared::default())
    }

    async fn send(&self, job: &PartJob, _prepared: &Prepared) -> PartOutcome {
        let result = self.common.client.call(job.operation, job.input.clone()).await;
        outcome(result, job.len, None)
    }

    fn accepted(&self, _job: &PartJob, bytes: u64, _plan: &Mutex<P>) {
        self.common.progress(bytes);
    }
}
