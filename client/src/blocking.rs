//! The blocking API: the same client over ureq, driven without an async runtime.
//!
//! ureq's futures finish on their first poll (the I/O happens inside), so [`block_on`]
//! needs no reactor: it polls once more only if a future was not ready.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use stratus_core::{Document, Error};

use crate::UreqTransport;

/// Runs a future to completion on the current thread without a runtime. Meant for
/// futures that do their work synchronously (the ureq transport's).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        std::thread::yield_now();
    }
}

/// A blocking client for one service (see [`crate::Client`] for the contract of each
/// method).
#[derive(Debug, Clone)]
pub struct Client {
    inner: crate::Client<UreqTransport>,
}

impl Client {
    /// Wraps an async client whose transport is ureq.
    pub fn from_async(inner: crate::Client<UreqTransport>) -> Self {
        Self { inner }
    }

    /// The underlying client.
    pub fn inner(&self) -> &crate::Client<UreqTransport> {
        &self.inner
    }

    /// Calls `operation` with `input`.
    pub fn call(&self, operation: &str, input: Document) -> Result<Document, Error> {
        block_on(self.inner.call(operation, input))
    }

    /// Calls `operation` with raw streaming payloads (see [`crate::Client::call_with`]).
    pub fn call_with(
        &self,
        operation: &str,
        input: Document,
        options: crate::CallOptions<'_>,
    ) -> Result<crate::CallOutput, Error> {
        block_on(self.inner.call_with(operation, input, options))
    }

    /// Calls `operation` with the response's streaming blob written to `sink` as it arrives
    /// (see [`crate::Client::call_streaming`]).
    pub fn call_streaming(
        &self,
        operation: &str,
        input: Document,
        options: crate::CallOptions<'_>,
        sink: &mut (dyn crate::BodySink + Send),
    ) -> Result<Document, Error> {
        block_on(self.inner.call_streaming(operation, input, options, sink))
    }

    /// Every page of a paginated operation, merged (boto3's `build_full_result()`).
    pub fn paginate_all(
        &self,
        operation: &str,
        input: Document,
        config: crate::PaginationConfig,
    ) -> Result<Document, Error> {
        block_on(self.inner.paginate_all(operation, input, config))
    }

    /// The pages of a paginated operation, one call per page.
    pub fn paginate(
        &self,
        operation: &str,
        input: Document,
        config: crate::PaginationConfig,
    ) -> Result<impl Iterator<Item = Result<Document, Error>> + '_, Error> {
        let mut pages = self.inner.paginate(operation, input, config)?;
        Ok(std::iter::from_fn(move || block_on(pages.next_page())))
    }

    /// Waits with a waiter (`BucketExists`, `InstanceRunning`...).
    pub fn wait(&self, name: &str, input: Document, overrides: crate::WaiterOverrides) -> Result<Document, Error> {
        block_on(self.inner.wait(name, input, overrides))
    }

    /// A presigned URL for `operation` with `input`.
    pub fn presign(&self, operation: &str, input: Document, expires_in: Duration) -> Result<String, Error> {
        block_on(self.inner.presign(operation, input, expires_in))
    }
}
