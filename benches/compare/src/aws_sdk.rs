//! The incumbent client: aws-sdk-s3 over an in-process HTTP client that answers every
//! request with the same canned response (the one `stratus_benches::list_objects`
//! builds), so what is measured is the SDK's own work per call.

use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use stratus_benches::sigv4_requests as fixtures;
use stratus_core::http::HttpResponse as StratusResponse;

/// Answers every request with one canned response. The body is shared, not copied
/// (`Bytes`), as a connector that read it from a socket would hand it over.
#[derive(Debug, Clone)]
pub struct CannedHttpClient {
    status: u16,
    headers: Vec<(String, String)>,
    body: Bytes,
}

impl CannedHttpClient {
    /// A client answering with the same status, headers and body as `response`.
    pub fn new(response: &StratusResponse) -> Self {
        let headers = response.headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), v.to_owned())).collect();
        Self { status: response.status, headers, body: Bytes::from(response.body.clone()) }
    }
}

impl HttpConnector for CannedHttpClient {
    fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
        let status = StatusCode::try_from(self.status).expect("the canned status is valid");
        let mut response = HttpResponse::new(status, SdkBody::from(self.body.clone()));
        for (name, value) in &self.headers {
            response.headers_mut().append(name.clone(), value.clone());
        }
        HttpConnectorFuture::ready(Ok(response))
    }
}

impl HttpClient for CannedHttpClient {
    fn http_connector(
        &self,
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

/// An S3 client in us-east-1 with the fixtures' keys over `http`, all other settings at
/// the SDK's defaults (standard retries, checksum validation when supported, ...).
pub fn s3_client(http: CannedHttpClient) -> aws_sdk_s3::Client {
    let credentials = Credentials::new(fixtures::ACCESS_KEY_ID, fixtures::SECRET_ACCESS_KEY, None, None, "bench");
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(fixtures::REGION))
        .credentials_provider(credentials)
        .http_client(http)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}
