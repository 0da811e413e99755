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
    /// A pool keeping at most `keep` idle buffers, holding `count` (at most `keep`) of
    /// `len` bytes already.
    /// Allocated here, on the caller's thread: buffers allocated by many worker threads
    /// land in as many allocator arenas, and the process grows beyond what is in use.
    pub fn prefilled(keep: usize, len: usize, count: usize) -> Self {
        let buffers = (0..count.min(keep)).map(|_| zeroed(len)).collect();
        Self { free: Mutex::new(buffers), keep }
    }

    /// A buffer of exactly `len` bytes that nothing else references (its contents are
    /// whatever a previous part left).
    pub fn take(&self, len: usize) -> Arc<[u8]> {
        let mut free = lock(&self.free);
        if let Some(i) = free.iter().position(|buffer| buffer.len() == len) {
            return free.swap_remove(i);
        }
        drop(free);
        zeroed(len)
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

fn zeroed(len: usize) -> Arc<[u8]> {
    std::iter::repeat_n(0u8, len).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_are_reused_only_when_unshared() {
        let pool = PartBuffers::prefilled(2, 8, 0);
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
    fn a_prefilled_pool_hands_out_its_buffers_first() {
        let pool = PartBuffers::prefilled(3, 16, 5);
        assert_eq!(lock(&pool.free).len(), 3, "at most keep");
        let addresses: Vec<_> = lock(&pool.free).iter().map(|b| b.as_ptr()).collect();
        assert!(addresses.contains(&pool.take(16).as_ptr()));
    }

    #[test]
    fn at_most_keep_buffers_stay_idle() {
        let pool = PartBuffers::prefilled(1, 4, 0);
        let (a, b) = (pool.take(4), pool.take(4));
        pool.give_back(a);
        pool.give_back(b);
        assert_eq!(lock(&pool.free).len(), 1);
    }
}
