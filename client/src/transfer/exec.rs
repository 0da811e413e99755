//! The executors of the three planners over a [`Client`]: uploads read a [`Source`],
//! downloads fill a [`Sink`], copies only call. Shared: progress and `max_bandwidth`.

use std::future::Future;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use stratus_core::transfer::{DownloadPlanner, OpCall, PartJob, PartOutcome, TokenBucket, TransferConfig};
use stratus_core::transport::Transport;
use stratus_core::{Document, Error};
use time::OffsetDateTime;

use super::engine::{lock, Executor, Prepared};
use super::sink::Sink;
use super::source::Source;
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

/// Runs an upload: `PutObject`/`UploadPart` bodies come from the source.
pub(crate) struct UploadExec<'a, T> {
    pub common: Common<'a, T>,
    pub source: &'a dyn Source,
}

impl<P, T: Transport> Executor<P> for UploadExec<'_, T> {
    fn call(&self, call: OpCall) -> impl Future<Output = Result<Document, Error>> {
        self.common.call(call)
    }

    fn prepare(&self, job: &mut PartJob) -> Result<Prepared, PartOutcome> {
        let bytes = self
            .source
            .read_part(job.number, job.offset, job.len)
            .map_err(|source| PartOutcome::Io { source, path: self.source.path() })?;
        if bytes.is_empty() && self.source.is_stream() {
            return Err(PartOutcome::NoData);
        }
        let checksum = job.checksum.map(|algorithm| algorithm.checksum(&bytes));
        if let Some(value) = &checksum {
            job.set_checksum(value.clone());
        }
        Ok(Prepared { bytes, checksum })
    }

    async fn send(&self, job: &PartJob, prepared: &Prepared) -> PartOutcome {
        let len = prepared.bytes.len() as u64;
        self.common.throttle(len).await;
        let options = CallOptions { payload: Some(&prepared.bytes), raw_output: false };
        let result = self.common.client.call_with(job.operation, job.input.clone(), options).await;
        outcome(result.map(|o| o.document), len, prepared.checksum.clone())
    }

    fn accepted(&self, _job: &PartJob, bytes: u64, _plan: &Mutex<P>) {
        self.common.progress(bytes);
    }
}

/// Runs a download: `GetObject` bodies go to the sink.
pub(crate) struct DownloadExec<'a, 's, T, W> {
    pub common: Common<'a, T>,
    pub sink: &'s Sink<'a, W>,
}

impl<T: Transport, W: Write + Send> Executor<DownloadPlanner> for DownloadExec<'_, '_, T, W> {
    fn call(&self, call: OpCall) -> impl Future<Output = Result<Document, Error>> {
        self.common.call(call)
    }

    fn prepare(&self, _job: &mut PartJob) -> Result<Prepared, PartOutcome> {
        Ok(Prepared::default())
    }

    async fn send(&self, job: &PartJob, _prepared: &Prepared) -> PartOutcome {
        self.common.throttle(job.len).await;
        let options = CallOptions { payload: None, raw_output: true };
        match self.common.client.call_with(job.operation, job.input.clone(), options).await {
            Ok(output) => {
                let body = output.payload.unwrap_or_default();
                let bytes = body.len() as u64;
                self.sink.store(job.number, body);
                PartOutcome::Done { output: Document::Null, bytes, checksum: None }
            }
            Err(error) => PartOutcome::Failed(error),
        }
    }

    fn accepted(&self, _job: &PartJob, _bytes: u64, plan: &Mutex<DownloadPlanner>) {
        self.sink.drain(plan);
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
