//! The timing harness: run a closure in batches until a time budget is spent, keep the
//! median batch. No external framework, so `cargo bench` builds fast and results print as
//! plain lines that BENCHMARKS.md quotes.
//!
//! The figure is **process CPU time** per iteration (`CLOCK_PROCESS_CPUTIME_ID`), with the
//! wall-clock time beside it: the machines this project runs on have 2 shared cores and
//! often other builds running, and CPU time does not count the time the benchmark waits
//! for a core. Where CPU time cannot be read, wall-clock time is used for both.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cpu_time::ProcessTime;

/// Batches per measurement (after one warm-up call).
const BATCHES: u32 = 15;

/// The timing of one benchmark.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Median CPU time per iteration over the batches.
    pub per_iter: Duration,
    /// Median wall-clock time per iteration over the batches.
    pub wall_per_iter: Duration,
    /// Iterations measured in all.
    pub iterations: u64,
}

/// Process CPU time and wall-clock time, read together.
#[derive(Clone, Copy)]
struct Stamp {
    cpu: Option<ProcessTime>,
    wall: Instant,
}

impl Stamp {
    fn now() -> Self {
        Self { cpu: ProcessTime::try_now().ok(), wall: Instant::now() }
    }

    /// (CPU time, wall time) since `self`; wall time twice if CPU time is unreadable.
    fn elapsed(&self) -> (Duration, Duration) {
        let wall = self.wall.elapsed();
        let cpu = self.cpu.and_then(|c| c.try_elapsed().ok()).unwrap_or(wall);
        (cpu, wall)
    }
}

/// Runs `f` repeatedly for about `budget` of CPU time and returns the median per-iteration
/// times over 15 batches, after a warm-up of about a twentieth of the budget (at least one
/// call) that also sizes the batches.
pub fn measure<R>(budget: Duration, mut f: impl FnMut() -> R) -> Timing {
    let warm_up = Stamp::now();
    let mut calls = 0u32;
    while calls == 0 || warm_up.elapsed().0 < budget / 20 {
        black_box(f());
        calls += 1;
    }
    let once = (warm_up.elapsed().0 / calls).max(Duration::from_nanos(20));
    let per_batch = u32::try_from((budget / BATCHES).as_nanos() / once.as_nanos()).unwrap_or(u32::MAX).max(1);
    let mut cpu = Vec::with_capacity(BATCHES as usize);
    let mut wall = Vec::with_capacity(BATCHES as usize);
    for _ in 0..BATCHES {
        let t = Stamp::now();
        for _ in 0..per_batch {
            black_box(f());
        }
        let (c, w) = t.elapsed();
        cpu.push(c / per_batch);
        wall.push(w / per_batch);
    }
    Timing {
        per_iter: median(&mut cpu),
        wall_per_iter: median(&mut wall),
        iterations: u64::from(per_batch) * u64::from(BATCHES),
    }
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
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

/// Prints the conditions of the run: clock, cores, load average (from `/proc/loadavg`,
/// when readable). Call first in every bench.
pub fn preamble(bench: &str) {
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZeroUsize::get);
    let load = std::fs::read_to_string("/proc/loadavg")
        .map_or_else(|_| "unknown".to_owned(), |l| l.split(' ').take(3).collect::<Vec<_>>().join(" "));
    let clock = if ProcessTime::try_now().is_ok() { "process CPU time" } else { "wall clock" };
    line(&format!("# {bench}: clock {clock}, {cores} cores, load average {load}"));
}

/// Prints one result line: `name: <cpu> per iteration (<n> iterations, wall <wall>)`.
pub fn report(name: &str, timing: Timing) {
    line(&format!(
        "{name}: {} per iteration ({} iterations, wall {})",
        human(timing.per_iter),
        timing.iterations,
        human(timing.wall_per_iter)
    ));
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
/// `name: stratus <time>, <reference> <time> (reference, not this run), ratio <ours/reference>`.
pub fn report_against_reference(name: &str, ours: Timing, reference: &str, figure: Duration) {
    line(&format!(
        "{name}: stratus {}, {reference} {} (reference, not this run), ratio {:.3}",
        human(ours.per_iter),
        human(figure),
        ratio(ours.per_iter, figure)
    ));
}
