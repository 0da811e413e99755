//! The part buffers of an upload. At most `max_concurrency` parts are read or in flight at
//! once, so a few buffers, handed back after each part, serve the whole transfer: memory
//! stays at `max_concurrency × part size`, with no allocation or page faults per part.

use std::sync::{Arc, Mutex};

use super::engine::lock;

/// A small pool of shared byte buffers (they become request bodies without a copy).
pub(crate) struct PartBuffers {
    free: Mutex<Vec<Arc<[u8]>>>,
    keep: usize,
}

impl PartBuffers {
    /// A pool keeping at most `keep` idle buffers.
    pub fn new(keep: usize) -> Self {
        Self { free: Mutex::new(Vec::new()), keep }
    }

    /// A buffer of exactly `len` bytes that nothing else references (its contents are
    /// whatever a previous part left).
    pub fn take(&self, len: usize) -> Arc<[u8]> {
        let mut free = lock(&self.free);
        if let Some(i) = free.iter().position(|buffer| buffer.len() == len) {
            return free.swap_remove(i);
        }
        drop(free);
        std::iter::repeat_n(0u8, len).collect()
    }

    /// Returns a buffer for reuse; it is kept only when nothing else (a transport still
    /// finishing a send) references it.
    pub fn give_back(&self, mut buffer: Arc<[u8]>) {
        if Arc::get_mut(&mut buffer).is_some() {
            let mut free = lock(&self.free);
            if free.len() < self.keep {
                free.push(buffer);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_are_reused_only_when_unshared() {
        let pool = PartBuffers::new(2);
        let first = pool.take(8);
        let address = first.as_ptr();
        pool.give_back(first);
        let again = pool.take(8);
        assert_eq!(again.as_ptr(), address, "an idle buffer of the right size is reused");
        let held = again.clone();
        pool.give_back(again);
        assert_ne!(pool.take(8).as_ptr(), held.as_ptr(), "a buffer still referenced is not reused");
        assert_eq!(pool.take(3).len(), 3);
    }

    #[test]
    fn at_most_keep_buffers_stay_idle() {
        let pool = PartBuffers::new(1);
        let (a, b) = (pool.take(4), pool.take(4));
        pool.give_back(a);
        pool.give_back(b);
        assert_eq!(lock(&pool.free).len(), 1);
    }
}
