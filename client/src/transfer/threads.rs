//! The blocking runner: a scoped pool of worker threads sharing the plan behind a mutex
//! (held only while the planner runs, never across a call), or the caller's thread alone.

use std::sync::{Condvar, Mutex};

use stratus_core::transfer::{PartDecision, PartJob, Step, TransferPlan};

use super::engine::{lock, report, stalled, Executor};
use crate::blocking::block_on;

/// The plan and how many workers are running a step.
struct Shared<P> {
    plan: Mutex<P>,
    busy: Mutex<usize>,
    wake: Condvar,
}

/// Runs `plan` to its end on `workers` threads (1: the caller's thread, no thread is
/// started) and returns it.
pub(crate) fn run_threads<P, E>(plan: P, workers: usize, exec: &E) -> P
where
    P: TransferPlan + Send,
    E: Executor<P> + Sync,
{
    let shared = Shared { plan: Mutex::new(plan), busy: Mutex::new(0), wake: Condvar::new() };
    if workers <= 1 {
        worker(&shared, exec);
    } else {
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| worker(&shared, exec));
            }
        });
    }
    shared.plan.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Takes the next step, waiting while the plan says `Wait` and another worker is busy.
/// Returns `None` when the plan is done (or stalled beyond repair).
fn next_step<P: TransferPlan>(shared: &Shared<P>) -> Option<Step> {
    let mut busy = lock(&shared.busy);
    let mut stalls = 0;
    loop {
        let step = lock(&shared.plan).poll();
        match step {
            Step::Done => return None,
            Step::Wait if *busy == 0 => {
                stalls += 1;
                if stalls > 1 {
                    return None;
                }
                lock(&shared.plan).fail(stalled());
            }
            Step::Wait => busy = shared.wake.wait(busy).unwrap_or_else(std::sync::PoisonError::into_inner),
            step => {
                *busy += 1;
                return Some(step);
            }
        }
    }
}

fn worker<P: TransferPlan, E: Executor<P>>(shared: &Shared<P>, exec: &E) {
    while let Some(step) = next_step(shared) {
        match step {
            Step::Call(call) => {
                let result = block_on(exec.call(call));
                lock(&shared.plan).handle_call(result);
            }
            Step::Part(job) => run_part(&shared.plan, exec, job),
            Step::Verify(job) => {
                let result = exec.verify(&job);
                lock(&shared.plan).handle_verify(result);
            }
            Step::Wait | Step::Done => {}
        }
        *lock(&shared.busy) -= 1;
        shared.wake.notify_all();
    }
    shared.wake.notify_all();
}

fn run_part<P: TransferPlan, E: Executor<P>>(plan: &Mutex<P>, exec: &E, mut job: PartJob) {
    let prepared = match exec.prepare(&mut job) {
        Ok(prepared) => prepared,
        Err(outcome) => {
            report(plan, exec, &job, outcome);
            return;
        }
    };
    loop {
        let outcome = block_on(exec.send(&job, &prepared));
        if report(plan, exec, &job, outcome) != PartDecision::Retry {
            exec.release(prepared);
            return;
        }
    }
}
