//! Step 4 of SigV4: the signature, `hex(HMAC-SHA256(signing key, string to sign))`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::encoding::to_hex;
use super::signing_key::SigningKey;
use super::SigningError;

/// `HMAC-SHA256(key, data)`.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> Result<[u8; 32], SigningError> {
    // HMAC accepts keys of any length; the error arm only satisfies the trait's signature.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .map_err(|_| SigningError::InvalidParams("the HMAC key was rejected".into()))?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().into())
}

/// The lower-case hex signature of `string_to_sign` (or, for a POST policy, of the base64
/// policy document).
pub fn calculate_signature(key: &SigningKey, string_to_sign: &str) -> Result<String, SigningError> {
    let mut mac = key.keyed_mac();
    mac.update(string_to_sign.as_bytes());
    Ok(to_hex(&mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_state_matches_plain_hmac() {
        let scope =
            super::super::CredentialScope { date: "20150830".into(), region: "us-east-1".into(), service: "s3".into() };
        let secret = crate::credentials::SecretString::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        let key = super::super::derive_signing_key(&secret, &scope).expect("derive");
        let plain = hex::encode(hmac_sha256(key.as_bytes(), b"string to sign").expect("hmac"));
        assert_eq!(calculate_signature(&key, "string to sign").expect("sign"), plain);
        assert_eq!(calculate_signature(&key.clone(), "string to sign").expect("sign"), plain);
    }

    #[test]
    fn rfc4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?").expect("hmac");
        assert_eq!(hex::encode(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
