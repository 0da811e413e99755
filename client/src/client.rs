//! `Client<T>`: one AWS service over any transport. The same API serves reqwest (async),
//! ureq (blocking, through [`crate::blocking`]) and fetch (wasm).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use stratus_core::client::{ClientCore, ClientSpec, PrepareOptions, PresignOptions};
use stratus_core::http::Payload;
use stratus_core::retry::ClientRetryState;
use stratus_core::sigv4::SigningKeyCache;
use stratus_core::transport::{BodySink, Transport};
use stratus_core::{Document, Error};

use crate::credentials::CredentialsProvider;
use crate::driver::{drive, uuid4, Shared};

/// Options of [`Client::call_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct CallOptions<'a> {
    /// The raw bytes of the operation's streaming blob input member.
    pub payload: Option<Payload<'a>>,
    /// Return the streaming blob output member raw, outside the document.
    pub raw_output: bool,
}

/// What [`Client::call_with`] returns.
#[derive(Debug, Clone, Default)]
pub struct CallOutput {
    /// The output document (with `ResponseMetadata`).
    pub document: Document,
    /// The raw streaming payload, when asked for and the operation has one.
    pub payload: Option<Vec<u8>>,
}

/// A client for one service. Cheap to clone: clones share the prepared model, the
/// transport's connection pool, the retry quota and the credentials cache.
#[derive(Debug)]
pub struct Client<T> {
    core: Arc<ClientCore>,
    transport: T,
    shared: Arc<Shared>,
    credentials: CredentialsProvider,
}

impl<T: Clone> Clone for Client<T> {
    fn clone(&self) -> Self {
        Self {
            core: self.core.clone(),
            transport: self.transport.clone(),
            shared: self.shared.clone(),
            credentials: self.credentials.clone(),
        }
    }
}

impl<T: Transport> Client<T> {
    /// A client from a resolved spec, a transport and a credentials provider.
    pub fn new(spec: ClientSpec, transport: T, credentials: CredentialsProvider) -> Result<Self, Error> {
        let core = ClientCore::new(spec)?;
        Ok(Self::from_core(Arc::new(core), transport, credentials))
    }

    /// A client over an already prepared core.
    pub fn from_core(core: Arc<ClientCore>, transport: T, credentials: CredentialsProvider) -> Self {
        let shared = Shared {
            retry: Mutex::new(ClientRetryState::new(&core.spec().retry)),
            keys: Mutex::new(SigningKeyCache::new()),
        };
        Self { core, transport, shared: Arc::new(shared), credentials }
    }

    /// The prepared core (model, rule set, configuration).
    pub fn core(&self) -> &ClientCore {
        &self.core
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The credentials provider.
    pub fn credentials(&self) -> &CredentialsProvider {
        &self.credentials
    }

    /// Calls `operation` (`ListBuckets`, `list_buckets` or `list-buckets`) with `input`
    /// and returns the output document, with boto3's `ResponseMetadata`.
    ///
    /// Errors: [`Error::Validation`] before anything is sent, [`Error::Service`] with the
    /// service's code, message and request id, [`Error::Transport`] after retries.
    pub async fn call(&self, operation: &str, input: Document) -> Result<Document, Error> {
        Ok(self.call_with(operation, input, CallOptions::default()).await?.document)
    }

    /// [`Self::call`] with raw streaming payloads: `options.payload` is the request's
    /// streaming blob (S3 `PutObject`/`UploadPart` `Body`) and, with
    /// `options.raw_output`, the response's streaming blob (S3 `GetObject` `Body`) comes
    /// back in [`CallOutput::payload`] instead of base64 in the document.
    pub async fn call_with(
        &self,
        operation: &str,
        input: Document,
        options: CallOptions<'_>,
    ) -> Result<CallOutput, Error> {
        let (document, payload) = self.run(operation, input, options, None).await?;
        Ok(CallOutput { document, payload })
    }

    /// [`Self::call_with`] with a successful response's streaming blob (S3 `GetObject`
    /// `Body`) written to `sink` as it arrives, never held whole in memory, and left out of
    /// the returned document. A retry after part of the body arrived calls
    /// [`BodySink::restart`] first. The payload's checksum is not checked here (the body
    /// never passes through the client): verify it in the sink, as the transfer manager
    /// does. `options.raw_output` is ignored. An operation without a streaming output
    /// (anything but S3 `GetObject`-like calls) is refused with [`Error::Config`] before
    /// anything is sent: its body is the document.
    pub async fn call_streaming(
        &self,
        operation: &str,
        input: Document,
        options: CallOptions<'_>,
        sink: &mut (dyn BodySink + Send),
    ) -> Result<Document, Error> {
        Ok(self.run(operation, input, options, Some(sink)).await?.0)
    }

    async fn run(
        &self,
        operation: &str,
        input: Document,
        options: CallOptions<'_>,
        sink: Option<&mut (dyn BodySink + Send)>,
    ) -> Result<(Document, Option<Vec<u8>>), Error> {
        let op = self.core.operation(operation)?;
        if sink.is_some() && self.core.streaming_output_member(op).is_none() {
            return Err(Error::Config(format!(
                "{} has no streaming output to write to a sink: use call or call_with",
                op.name
            )));
        }
        let anonymous = !self.core.requires_credentials(op);
        let credentials = if anonymous { None } else { Some(self.credentials.get(&self.transport).await?) };
        let token = uuid4(&self.transport);
        let invocation = uuid4(&self.transport);
        let opts = PrepareOptions {
            idempotency_token: Some(&token),
            invocation_id: Some(&invocation),
            payload: options.payload,
            ..Default::default()
        };
        let mut call = self.core.start_call(&op.name, &input, &opts, credentials)?;
        if sink.is_some() {
            call.stream_payload();
        } else if options.raw_output {
            call.keep_payload_raw();
        }
        drive(call, &self.transport, &self.shared, sink).await
    }

    /// A presigned URL for `operation` with `input`, valid for `expires_in` (1 s to 7
    /// days), as boto3's `generate_presigned_url`.
    pub async fn presign(&self, operation: &str, input: Document, expires_in: Duration) -> Result<String, Error> {
        let credentials = self.credentials.get(&self.transport).await?;
        let options = PresignOptions { credentials: &credentials, now: self.transport.now(), expires_in };
        let mut keys = self.shared.keys.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.core.presign(operation, &input, &options, &mut keys)
    }
}
