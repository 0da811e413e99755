//! The timing harness: run a closure in batches until a time budget is spent, keep the
//! median batch. No external framework, so `cargo bench` builds fast and results print as
//! plain lines that BENCHMARKS.md quotes.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Batches per measurement (after one warm-up call).
const BATCHES: u32 = 15;

/// The timing of one benchmark.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Median time per iteration over the batches.
    pub per_iter: Duration,
    /// Iterations measured in all.
    pub iterations: u64,
}

/// Runs `f` repeatedly for about `budget` and returns the median per-iteration time over
/// 15 batches (after one warm-up call that also sizes the batches).
pub fn measure<R>(budget: Duration, mut f: impl FnMut() -> R) -> Timing {
    let start = Instant::now();
    black_box(f());
    let once = start.elapsed().max(Duration::from_nanos(20));
    let per_batch = u32::try_from((budget / BATCHES).as_nanos() / once.as_nanos()).unwrap_or(u32::MAX).max(1);
    let mut samples = Vec::with_capacity(BATCHES as usize);
    for _ in 0..BATCHES {
        let t = Instant::now();
        for _ in 0..per_batch {
            black_box(f());
        }
        samples.push(t.elapsed() / per_batch);
    }
    samples.sort();
    Timing { per_iter: samples[samples.len() / 2], iterations: u64::from(per_batch) * u64::from(BATCHES) }
}

/// Formats a duration with a unit that keeps about 3 significant digits.
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

/// `ours / theirs`, the figure BENCHMARKS.md calls the ratio (below 1: Stratus is faster).
pub fn ratio(ours: Duration, theirs: Duration) -> f64 {
    ours.as_secs_f64() / theirs.as_secs_f64().max(f64::MIN_POSITIVE)
}

/// Prints one line of results (the benches' only output on stdout).
pub fn line(text: &str) {
    #[allow(clippy::print_stdout)]
    {
        println!("{text}");
    }
}

/// Prints one result line: `name: <time> per iteration (<n> iterations)`.
pub fn report(name: &str, timing: Timing) {
    line(&format!("{name}: {} per iteration ({} iterations)", human(timing.per_iter), timing.iterations));
}

/// Prints one comparison line:
/// `name: stratus <time>, <incumbent> <time>, ratio <ours/theirs>`.
pub fn report_ratio(name: &str, ours: Timing, incumbent: &str, theirs: Timing) {
    line(&format!(
        "{name}: stratus {}, {incumbent} {}, ratio {:.3}",
        human(ours.per_iter),
        human(theirs.per_iter),
        ratio(ours.per_iter, theirs.per_iter)
    ));
}

/// Prints a result next to a reference figure measured elsewhere (not in this process):
/// `name: stratus <time>, <reference> <time> (reference), ratio <ours/reference>`.
pub fn report_against_reference(name: &str, ours: Timing, reference: &str, figure: Duration) {
    line(&format!(
        "{name}: stratus {}, {reference} {} (reference, not this run), ratio {:.3}",
        human(ours.per_iter),
        human(figure),
        ratio(ours.per_iter, figure)
    ));
}
