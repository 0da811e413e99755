//! The incumbent signer: aws-sigv4 with the settings aws-sdk-s3 uses for S3 (single URI
//! encoding, no path normalization, `x-amz-content-sha256`), fed the same
//! [`RequestSpec`]s as Stratus.

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation,
    SigningInstructions, SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_sigv4::SigningOutput;
use aws_smithy_runtime_api::client::identity::Identity;
use stratus_benches::sigv4_requests::{self as fixtures, RequestSpec};

/// aws-sigv4's signing parameters (they own their settings).
pub type AwsParams<'a> = aws_sigv4::http_request::SigningParams<'a>;

/// The credentials of the fixtures, as an aws identity.
pub fn identity() -> Identity {
    Credentials::new(fixtures::ACCESS_KEY_ID, fixtures::SECRET_ACCESS_KEY, None, None, "bench").into()
}

/// The fixtures' signing time as a `SystemTime`.
pub fn signing_time() -> SystemTime {
    let seconds = u64::try_from(fixtures::signing_time().unix_timestamp()).expect("the fixed time is after 1970");
    SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
}

/// S3's settings: header signing with `x-amz-content-sha256`, or a presigned URL.
pub fn s3_settings(location: SignatureLocation) -> SigningSettings {
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings.signature_location = location;
    match location {
        SignatureLocation::Headers => settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256,
        _ => settings.expires_in = Some(Duration::from_secs(fixtures::PRESIGN_EXPIRES_SECS)),
    }
    settings
}

/// The parameters for `identity` and `settings`, built once (as a client would per call;
/// building them is not what is compared).
pub fn params(identity: &Identity, settings: SigningSettings) -> AwsParams<'_> {
    v4::SigningParams::builder()
        .identity(identity)
        .region(fixtures::REGION)
        .name(fixtures::SERVICE)
        .time(signing_time())
        .settings(settings)
        .build()
        .expect("all signing parameters are set")
        .into()
}

/// Signs `spec` as aws-sdk-s3 does: a `SignableRequest` from the request's method, URL
/// and headers, then `sign`. The signing key is derived on every call (aws-sigv4 has no
/// cache).
pub fn sign_spec<'a>(
    spec: &'a RequestSpec,
    body: SignableBody<'a>,
    params: &'a AwsParams<'a>,
) -> SigningOutput<SigningInstructions> {
    let headers = spec.headers.iter().map(|(name, value)| (*name, value.as_str()));
    let request = SignableRequest::new(spec.method, spec.url.as_str(), headers, body).expect("the URL parses");
    sign(request, params).expect("aws-sigv4 signs the request")
}

/// A presigned URL for `request`: sign, then apply the query parameters to a copy.
pub fn presigned_url<'a>(spec: &'a RequestSpec, request: &http::Request<()>, params: &'a AwsParams<'a>) -> String {
    let (instructions, _signature) = sign_spec(spec, SignableBody::UnsignedPayload, params).into_parts();
    let mut copy = request.clone();
    instructions.apply_to_request_http1x(&mut copy);
    copy.uri().to_string()
}
