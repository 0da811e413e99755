//! `TransferConfig`: s3transfer's knobs, with its defaults, and the checks that turn bad
//! values into clear errors before anything is sent.

use std::fmt;

use super::limits::{MAX_PART_SIZE, MIN_PART_SIZE};

/// One mebibyte.
pub const MIB: u64 = 1024 * 1024;

/// How transfers are split and run, as boto3's `TransferConfig` (same field names and
/// defaults). Call [`TransferConfig::validate`] (the executors do) before use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferConfig {
    /// Objects of at least this many bytes are transferred in parts (default 8 MiB).
    pub multipart_threshold: u64,
    /// The part size (default 8 MiB; at least 5 MiB, at most 5 GiB). It grows
    /// automatically, doubling, when an object would need more than 10,000 parts.
    pub multipart_chunksize: u64,
    /// Requests in flight at once for one transfer (default 10).
    pub max_concurrency: usize,
    /// Attempts per downloaded part (and per uploaded or copied part, which s3transfer
    /// leaves to the client's retries only) before a transfer fails with
    /// `RetriesExceeded` (default 5). Each attempt is a whole call, itself retried by the
    /// client's retry policy.
    pub num_download_attempts: u32,
    /// Chunks of `io_chunksize` that may wait to be written on a download (default 100):
    /// together with `max_concurrency` it bounds how many parts are held in memory.
    pub max_io_queue: usize,
    /// The size of each write of `download_fileobj` to its writer (and of its progress
    /// reports), and of each read when a download's checksum is computed back from its
    /// file (default 256 KiB; such reads use at most 1 MiB). `download_file` writes what
    /// the transport delivers as it arrives.
    pub io_chunksize: usize,
    /// Run parts concurrently (default `true`). With `false` everything runs in order on
    /// the caller's thread (or task).
    pub use_threads: bool,
    /// Average bytes per second allowed to move, or `None` for no limit (the default).
    pub max_bandwidth: Option<u64>,
}

impl Default for TransferConfig {
    fn default() -> Self {
        Self {
            multipart_threshold: 8 * MIB,
            multipart_chunksize: 8 * MIB,
            max_concurrency: 10,
            num_download_attempts: 5,
            max_io_queue: 100,
            io_chunksize: 256 * 1024,
            use_threads: true,
            max_bandwidth: None,
        }
    }
}

/// A [`TransferConfig`] value that cannot work, naming the field, the value and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferConfigError {
    /// The field (`multipart_chunksize`).
    pub field: &'static str,
    /// What is wrong, with the value given.
    pub problem: String,
}

impl fmt::Display for TransferConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid TransferConfig.{}: {}", self.field, self.problem)
    }
}

impl std::error::Error for TransferConfigError {}

fn invalid(field: &'static str, problem: String) -> TransferConfigError {
    TransferConfigError { field, problem }
}

impl TransferConfig {
    /// The effective concurrency: `max_concurrency`, or 1 when `use_threads` is false.
    pub fn concurrency(&self) -> usize {
        if self.use_threads {
            self.max_concurrency
        } else {
            1
        }
    }

    /// Checks every field; the first problem found is returned.
    ///
    /// Rules: `multipart_chunksize` within S3's part limits (5 MiB to 5 GiB);
    /// `max_concurrency`, `num_download_attempts`, `max_io_queue`, `io_chunksize` at least
    /// 1; `max_bandwidth`, when set, at least 1 byte per second.
    pub fn validate(&self) -> Result<(), TransferConfigError> {
        if self.multipart_chunksize < MIN_PART_SIZE {
            return Err(invalid(
                "multipart_chunksize",
                format!(
                    "{} bytes is below S3's minimum part size of 5 MiB ({MIN_PART_SIZE} bytes)",
                    self.multipart_chunksize
                ),
            ));
        }
        if self.multipart_chunksize > MAX_PART_SIZE {
            return Err(invalid(
                "multipart_chunksize",
                format!(
                    "{} bytes is above S3's maximum part size of 5 GiB ({MAX_PART_SIZE} bytes)",
                    self.multipart_chunksize
                ),
            ));
        }
        let at_least_one: [(&'static str, u64); 4] = [
            ("max_concurrency", self.max_concurrency as u64),
            ("num_download_attempts", u64::from(self.num_download_attempts)),
            ("max_io_queue", self.max_io_queue as u64),
            ("io_chunksize", self.io_chunksize as u64),
        ];
        for (field, value) in at_least_one {
            if value == 0 {
                return Err(invalid(field, "must be at least 1, got 0".into()));
            }
        }
        if self.max_bandwidth == Some(0) {
            return Err(invalid("max_bandwidth", "must be at least 1 byte per second, or None for no limit".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_s3transfers() {
        let c = TransferConfig::default();
        assert_eq!(c.multipart_threshold, 8 * MIB);
        assert_eq!(c.multipart_chunksize, 8 * MIB);
        assert_eq!((c.max_concurrency, c.num_download_attempts, c.max_io_queue), (10, 5, 100));
        assert_eq!(c.io_chunksize, 256 * 1024);
        assert!(c.use_threads);
        assert_eq!(c.max_bandwidth, None);
        assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn bad_values_name_the_field() {
        let small = TransferConfig { multipart_chunksize: 1024, ..Default::default() };
        let e = small.validate().expect_err("an error");
        assert_eq!(e.field, "multipart_chunksize");
        assert!(e.to_string().contains("below S3's minimum part size of 5 MiB"), "{e}");
        let big = TransferConfig { multipart_chunksize: 6 * 1024 * MIB, ..Default::default() };
        assert!(big.validate().expect_err("an error").to_string().contains("maximum part size of 5 GiB"));
        let zero = TransferConfig { max_concurrency: 0, ..Default::default() };
        assert_eq!(
            zero.validate().expect_err("an error").to_string(),
            "invalid TransferConfig.max_concurrency: must be at least 1, got 0"
        );
        let bw = TransferConfig { max_bandwidth: Some(0), ..Default::default() };
        assert_eq!(bw.validate().expect_err("an error").field, "max_bandwidth");
        let attempts = TransferConfig { num_download_attempts: 0, ..Default::default() };
        assert_eq!(attempts.validate().expect_err("an error").field, "num_download_attempts");
    }

    #[test]
    fn no_threads_means_one_at_a_time() {
        let c = TransferConfig { use_threads: false, ..Default::default() };
        assert_eq!(c.concurrency(), 1);
        assert_eq!(TransferConfig::default().concurrency(), 10);
    }
}
