//! S3's multipart limits and how an object is cut into parts (s3transfer's
//! `ChunksizeAdjuster` rules: clamp to 5 MiB..5 GiB, double until 10,000 parts suffice).

/// S3's smallest part (all but the last part of a multipart upload): 5 MiB.
pub const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;
/// S3's largest part: 5 GiB.
pub const MAX_PART_SIZE: u64 = 5 * 1024 * 1024 * 1024;
/// S3's largest part count: 10,000.
pub const MAX_PARTS: u64 = 10_000;

/// A part size close to `configured` that S3 accepts for an object of `size` bytes
/// (`None`: unknown length): doubled until the object fits in 10,000 parts, then clamped
/// to 5 MiB..5 GiB. An object too large even for 10,000 parts of 5 GiB gets 5 GiB parts
/// (the part plan then reports the error).
pub fn adjust_part_size(configured: u64, size: Option<u64>) -> u64 {
    let mut part = configured.max(1);
    if let Some(size) = size {
        while size.div_ceil(part) > MAX_PARTS && part < MAX_PART_SIZE {
            part = part.saturating_mul(2);
        }
    }
    part.clamp(MIN_PART_SIZE, MAX_PART_SIZE)
}

/// How an object of known size is cut: `count` parts of `part_size` bytes, the last one
/// shorter. A 0-byte object has one empty part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartLayout {
    /// Total bytes.
    pub size: u64,
    /// Bytes per part (the last part may be shorter).
    pub part_size: u64,
    /// Number of parts (at least 1).
    pub count: u32,
}

impl PartLayout {
    /// Cuts `size` bytes into parts of `part_size` (which must be at least 1).
    pub fn new(size: u64, part_size: u64) -> Self {
        let part_size = part_size.max(1);
        let count = size.div_ceil(part_size).max(1);
        Self { size, part_size, count: u32::try_from(count).unwrap_or(u32::MAX) }
    }

    /// Offset and length of part `number` (1-based).
    pub fn range(&self, number: u32) -> (u64, u64) {
        let offset = u64::from(number.saturating_sub(1)) * self.part_size;
        let len = self.part_size.min(self.size.saturating_sub(offset));
        (offset, len)
    }

    /// The HTTP range of part `number`: `bytes=first-last` (inclusive).
    pub fn http_range(&self, number: u32) -> String {
        let (offset, len) = self.range(number);
        format!("bytes={}-{}", offset, offset + len.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    #[test]
    fn adjuster_clamps_to_s3_limits() {
        assert_eq!(adjust_part_size(1, None), MIN_PART_SIZE);
        assert_eq!(adjust_part_size(8 * MIB, None), 8 * MIB);
        assert_eq!(adjust_part_size(10 * 1024 * MIB, None), MAX_PART_SIZE);
    }

    #[test]
    fn adjuster_doubles_until_10000_parts_suffice() {
        // 80,000 MiB at 8 MiB = exactly 10,000 parts: unchanged.
        assert_eq!(adjust_part_size(8 * MIB, Some(80_000 * MIB)), 8 * MIB);
        // One byte more needs 10,001 parts: doubled once.
        assert_eq!(adjust_part_size(8 * MIB, Some(80_000 * MIB + 1)), 16 * MIB);
        // 1 TiB at 5 MiB: 5 → 10 → 20 → 40 → 80 → 160 MiB (6,554 parts).
        let part = adjust_part_size(5 * MIB, Some(1024 * 1024 * MIB));
        assert_eq!(part, 160 * MIB);
        assert!((1024 * 1024 * MIB).div_ceil(part) <= MAX_PARTS);
    }

    #[test]
    fn layout_ranges_cover_the_object() {
        let l = PartLayout::new(20 * MIB + 1, 5 * MIB);
        assert_eq!(l.count, 5);
        assert_eq!(l.range(1), (0, 5 * MIB));
        assert_eq!(l.range(5), (20 * MIB, 1));
        assert_eq!(l.http_range(1), format!("bytes=0-{}", 5 * MIB - 1));
        assert_eq!(l.http_range(5), format!("bytes={}-{}", 20 * MIB, 20 * MIB));
        let total: u64 = (1..=l.count).map(|n| l.range(n).1).sum();
        assert_eq!(total, l.size);
    }

    #[test]
    fn empty_object_is_one_empty_part() {
        let l = PartLayout::new(0, 5 * MIB);
        assert_eq!((l.count, l.range(1)), (1, (0, 0)));
    }
}
