//! Step 2 of SigV4: the string to sign, for a request, an `aws-chunked` chunk and a
//! chunked trailer.

use sha2::{Digest, Sha256};

use super::encoding::push_hex;
use super::payload::EMPTY_PAYLOAD_SHA256;
use super::scope::{CredentialScope, SigningTime};

/// The algorithm of a request signature.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The algorithm line of an `aws-chunked` chunk signature.
pub const CHUNK_ALGORITHM: &str = "AWS4-HMAC-SHA256-PAYLOAD";
/// The algorithm line of a chunked trailer signature.
pub const TRAILER_ALGORITHM: &str = "AWS4-HMAC-SHA256-TRAILER";

/// `AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex SHA-256 of the canonical request>`.
pub fn string_to_sign(time: &SigningTime, scope: &CredentialScope, canonical_request: &str) -> String {
    let hash = Sha256::digest(canonical_request.as_bytes());
    let amz_date = time.amz_date();
    let mut out = String::with_capacity(ALGORITHM.len() + amz_date.len() + scope.text_len() + 64 + 3);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(amz_date);
    out.push('\n');
    scope.push_to(&mut out);
    out.push('\n');
    push_hex(&hash, &mut out);
    out
}

/// The string to sign of one `aws-chunked` chunk:
/// `AWS4-HMAC-SHA256-PAYLOAD\n<amz date>\n<scope>\n<previous signature>\n<hex SHA-256 of ""
/// >\n<hex SHA-256 of the chunk data>`.
pub fn chunk_string_to_sign(
    time: &SigningTime,
    scope: &CredentialScope,
    previous_signature: &str,
    chunk: &[u8],
) -> String {
    let hash = hex::encode(Sha256::digest(chunk));
    format!("{CHUNK_ALGORITHM}\n{}\n{scope}\n{previous_signature}\n{EMPTY_PAYLOAD_SHA256}\n{hash}", time.amz_date())
}

/// The string to sign of a chunked trailer:
/// `AWS4-HMAC-SHA256-TRAILER\n<amz date>\n<scope>\n<previous signature>\n<hex SHA-256 of the
/// canonical trailer>`, where the canonical trailer is `name:value\n` per trailing header.
pub fn trailer_string_to_sign(
    time: &SigningTime,
    scope: &CredentialScope,
    previous_signature: &str,
    canonical_trailer: &str,
) -> String {
    let hash = hex::encode(Sha256::digest(canonical_trailer.as_bytes()));
    format!("{TRAILER_ALGORITHM}\n{}\n{scope}\n{previous_signature}\n{hash}", time.amz_date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn request_string_to_sign() {
        // tests/vectors/sigv4/get-vanilla: its .creq and .sts files.
        let t = SigningTime::new(datetime!(2015-08-30 12:36:00 UTC)).expect("valid");
        let scope = CredentialScope::new(&t, "us-east-1", "service").expect("valid");
        let creq = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(
            string_to_sign(&t, &scope, creq),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
             bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
        );
    }
}
