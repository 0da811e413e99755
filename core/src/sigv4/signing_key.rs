//! Step 3 of SigV4: the signing key, and a small cache so it is derived once per
//! (secret, date, region, service).
//!
//! ```text
//! kDate    = HMAC("AWS4" + secret, date)
//! kRegion  = HMAC(kDate, region)
//! kService = HMAC(kRegion, service)
//! kSigning = HMAC(kService, "aws4_request")
//! ```

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::credentials::SecretString;

use super::scope::{CredentialScope, SCOPE_TERMINATOR};
use super::signature::hmac_sha256;
use super::SigningError;

/// A derived SigV4 signing key. Its `Debug` never shows the bytes.
///
/// It also holds an HMAC-SHA256 already keyed with it, so that each signature clones that
/// state instead of hashing the key's inner and outer pads again.
#[derive(Clone)]
pub struct SigningKey {
    bytes: [u8; 32],
    mac: Hmac<Sha256>,
}

impl SigningKey {
    fn new(bytes: [u8; 32]) -> Result<Self, SigningError> {
        // HMAC accepts keys of any length; the error arm only satisfies the trait's signature.
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(&bytes)
            .map_err(|_| SigningError::InvalidParams("the HMAC key was rejected".into()))?;
        Ok(Self { bytes, mac })
    }

    /// The key bytes. Only signing code (and tests comparing with published keys) needs them.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// An HMAC-SHA256 keyed with this key, ready for the data.
    pub(crate) fn keyed_mac(&self) -> Hmac<Sha256> {
        self.mac.clone()
    }
}

impl PartialEq for SigningKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for SigningKey {}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(** redacted **)")
    }
}

/// Derives the signing key of `secret` for `scope` (four chained HMACs).
pub fn derive_signing_key(secret: &SecretString, scope: &CredentialScope) -> Result<SigningKey, SigningError> {
    let mut seed = Vec::with_capacity(4 + secret.expose().len());
    seed.extend_from_slice(b"AWS4");
    seed.extend_from_slice(secret.expose().as_bytes());
    let k_date = hmac_sha256(&seed, scope.date.as_bytes())?;
    let k_region = hmac_sha256(&k_date, scope.region.as_bytes())?;
    let k_service = hmac_sha256(&k_region, scope.service.as_bytes())?;
    SigningKey::new(hmac_sha256(&k_service, SCOPE_TERMINATOR.as_bytes())?)
}

/// How many (secret, scope) keys a [`SigningKeyCache`] keeps: enough for a client that
/// signs for a few services or regions at once. The oldest entry is replaced first.
const CACHE_CAPACITY: usize = 4;

struct CacheEntry {
    secret: SecretString,
    scope: CredentialScope,
    key: SigningKey,
}

/// Derived signing keys, owned by the caller (typically one per client) and reused across
/// requests: a key changes only with the secret, the UTC date, the region or the service.
///
/// A plain value: no global state, no locking, no clock. `Debug` lists scopes only.
#[derive(Default)]
pub struct SigningKeyCache {
    entries: Vec<CacheEntry>,
    next_to_replace: usize,
}

impl SigningKeyCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The signing key of `secret` for `scope`, derived on first use.
    pub fn signing_key(&mut self, secret: &SecretString, scope: &CredentialScope) -> Result<SigningKey, SigningError> {
        self.entry(secret, &scope.date, &scope.region, &scope.service).map(|(_, key)| key.clone())
    }

    /// The cached scope and signing key of `secret` for `date/region/service/aws4_request`
    /// (parts already checked), derived on first use. Nothing is allocated on a hit.
    pub(crate) fn entry(
        &mut self,
        secret: &SecretString,
        date: &str,
        region: &str,
        service: &str,
    ) -> Result<(&CredentialScope, &SigningKey), SigningError> {
        let found = self.entries.iter().position(|e| {
            e.scope.date == date && e.scope.region == region && e.scope.service == service && e.secret == *secret
        });
        let index = match found {
            Some(index) => index,
            None => {
                let scope =
                    CredentialScope { date: date.to_owned(), region: region.to_owned(), service: service.to_owned() };
                let key = derive_signing_key(secret, &scope)?;
                self.insert(CacheEntry { secret: secret.clone(), scope, key })
            }
        };
        self.entries
            .get(index)
            .map(|e| (&e.scope, &e.key))
            .ok_or_else(|| SigningError::InvalidParams("the signing key cache lost an entry".into()))
    }

    /// Stores `entry`, replacing the oldest when full; returns its index.
    fn insert(&mut self, entry: CacheEntry) -> usize {
        if self.entries.len() < CACHE_CAPACITY {
            self.entries.push(entry);
            self.entries.len() - 1
        } else {
            let index = self.next_to_replace;
            if let Some(slot) = self.entries.get_mut(index) {
                *slot = entry;
            }
            self.next_to_replace = (self.next_to_replace + 1) % CACHE_CAPACITY;
            index
        }
    }

    /// Number of keys held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no key is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKeyCache")
            .field("scopes", &self.entries.iter().map(|e| e.scope.to_string()).collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(date: &str, region: &str) -> CredentialScope {
        CredentialScope { date: date.into(), region: region.into(), service: "iam".into() }
    }

    #[test]
    fn derives_the_documented_key() {
        // The "derive a signing key" example of the AWS General Reference (SigV4 signing
        // process): secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215/us-east-1/iam.
        let secret = SecretString::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        let key = derive_signing_key(&secret, &scope("20120215", "us-east-1")).expect("derive");
        assert_eq!(hex::encode(key.as_bytes()), "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
        assert_eq!(format!("{key:?}"), "SigningKey(** redacted **)");
    }

    #[test]
    fn cache_reuses_and_rotates() {
        let secret = SecretString::new("very-secret");
        let mut cache = SigningKeyCache::new();
        let a = cache.signing_key(&secret, &scope("20240101", "r1")).expect("derive");
        assert_eq!(cache.signing_key(&secret, &scope("20240101", "r1")).expect("derive"), a);
        assert_eq!(cache.len(), 1);
        let other = SecretString::new("other-secret");
        assert_ne!(cache.signing_key(&other, &scope("20240101", "r1")).expect("derive"), a);
        for (i, region) in ["r2", "r3", "r4", "r5"].iter().enumerate() {
            cache.signing_key(&secret, &scope("20240101", region)).expect("derive");
            assert_eq!(cache.len(), (i + 3).min(CACHE_CAPACITY));
        }
        let dbg = format!("{cache:?}");
        assert!(dbg.contains("20240101/r5/iam/aws4_request"));
        assert!(!dbg.contains("secret"), "{dbg}");
    }
}
