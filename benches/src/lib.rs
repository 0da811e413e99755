//! A tiny timing harness shared by the benchmarks: run a closure in batches until enough
//! time has passed, report the median batch's time per iteration. No external framework,
//! so `cargo bench` builds fast and the numbers print as plain lines for BENCHMARKS.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The timing of one benchmark.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Median time per iteration.
    pub per_iter: Duration,
    /// Iterations measured in all.
    pub iterations: u64,
}

/// Runs `f` repeatedly for about `budget` and returns the median per-iteration time over
/// 15 batches (after one warm-up batch).
pub fn measure<R>(budget: Duration, mut f: impl FnMut() -> R) -> Timing {
    let start = Instant::now();
    black_box(f());
    let once = start.elapsed().max(Duration::from_nanos(20));
    let batches = 15u32;
    let per_batch = ((budget / batches).as_nanos() / once.as_nanos()).max(1) as u64;
    let mut samples = Vec::with_capacity(batches as usize);
    for _ in 0..batches {
        let t = Instant::now();
        for _ in 0..per_batch {
            black_box(f());
        }
        samples.push(t.elapsed() / per_batch as u32);
    }
    samples.sort();
    Timing { per_iter: samples[samples.len() / 2], iterations: per_batch * u64::from(batches) }
}

/// Formats a duration with a unit that keeps 3 significant digits.
pub fn human(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns < 1_000.0 {
        format!("{ns:.0} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{:.2} ms", ns / 1_000_000.0)
    }
}

/// Prints one result line: `name: time per iteration (iterations)`.
pub fn report(name: &str, timing: Timing) {
    #[allow(clippy::print_stdout)]
    {
        println!("{name}: {} per iteration ({} iterations)", human(timing.per_iter), timing.iterations);
    }
}
