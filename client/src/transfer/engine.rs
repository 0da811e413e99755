//! What an executor does for a planner (the [`Executor`] trait), and the async runner:
//! up to `max_concurrency` calls in flight on the caller's task, polled together.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::Poll;

use stratus_core::transfer::{
    AbortOutcome, ObjectRef, OpCall, PartDecision, PartJob, PartOutcome, Step, TransferError, TransferPlan, VerifyJob,
};
use stratus_core::{Document, Error};

/// The bytes a part sends (none for downloads and copies), shared with the request
/// without a copy, and the checksum computed over them.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    pub body: Option<Arc<[u8]>>,
    pub checksum: Option<String>,
}

/// The I/O a planner needs: calls, part bodies, writes.
pub(crate) trait Executor<P> {
    /// Makes a call without payload.
    fn call(&self, call: OpCall) -> impl Future<Output = Result<Document, Error>>;

    /// Gets a part ready to send (reads an upload's bytes, in the order parts are handed
    /// out), or says at once how it ended (the source ended or failed).
    fn prepare(&self, job: &mut PartJob) -> Result<Prepared, PartOutcome>;

    /// Sends a prepared part (again, on a retry).
    fn send(&self, job: &PartJob, prepared: &Prepared) -> impl Future<Output = PartOutcome>;

    /// After the plan accepted a part that moved `bytes` (progress, download writes).
    fn accepted(&self, job: &PartJob, bytes: u64, plan: &Mutex<P>);

    /// The part is finished (accepted or given up): its buffer may serve another part.
    fn release(&self, _prepared: Prepared) {}

    /// The checksums a [`Step::Verify`] asks for (only download executors are asked).
    fn verify(&self, _job: &VerifyJob) -> std::io::Result<Vec<String>> {
        Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "this transfer cannot read back what it wrote"))
    }
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The error for a plan asking to wait while nothing is outstanding (a planner bug):
/// the plan is failed so it cleans up instead of hanging.
pub(crate) fn stalled() -> TransferError {
    TransferError::Io {
        object: ObjectRef::new("", ""),
        path: None,
        source: std::io::Error::other("internal error: the transfer plan waited with nothing outstanding"),
        abort: AbortOutcome::NotNeeded,
    }
}

/// Reports `outcome` for `job`; returns the decision (and runs `accepted`).
pub(crate) fn report<P: TransferPlan, E: Executor<P>>(
    plan: &Mutex<P>,
    exec: &E,
    job: &PartJob,
    outcome: PartOutcome,
) -> PartDecision {
    let bytes = match &outcome {
        PartOutcome::Done { bytes, .. } => *bytes,
        _ => 0,
    };
    let decision = lock(plan).handle_part(job.number, outcome);
    if decision == PartDecision::Accepted {
        exec.accepted(job, bytes, plan);
    }
    decision
}

enum Event {
    Call(Result<Document, Error>),
    Part(PartJob, Prepared, PartOutcome),
}

/// What one pending future does: a call, or a part (again, on a retry).
enum Work {
    Call(OpCall),
    Part(PartJob, Prepared),
}

/// The one future type of the async runner. Not boxed as `dyn Future`: the runner's
/// future is then `Send` whenever the executor's futures are (reqwest), so transfers can
/// be spawned, and still runs with `!Send` ones (fetch).
async fn perform<P, E: Executor<P>>(exec: &E, work: Work) -> Event {
    match work {
        Work::Call(call) => Event::Call(exec.call(call).await),
        Work::Part(job, prepared) => {
            let outcome = exec.send(&job, &prepared).await;
            Event::Part(job, prepared, outcome)
        }
    }
}

/// Waits for the first of `pending` to finish and removes it.
async fn next_event<F: Future<Output = Event>>(pending: &mut Vec<Pin<Box<F>>>) -> Option<Event> {
    if pending.is_empty() {
        return None;
    }
    let event = std::future::poll_fn(|cx| {
        for i in 0..pending.len() {
            if let Poll::Ready(event) = pending[i].as_mut().poll(cx) {
                drop(pending.swap_remove(i));
                return Poll::Ready(event);
            }
        }
        Poll::Pending
    })
    .await;
    Some(event)
}

/// Hands `start` everything the plan allows now; returns true once the plan is done.
fn start_ready<P: TransferPlan, E: Executor<P>>(plan: &Mutex<P>, exec: &E, mut start: impl FnMut(Work)) -> bool {
    loop {
        let step = lock(plan).poll();
        match step {
            Step::Done => return true,
            Step::Wait => return false,
            Step::Call(call) => start(Work::Call(call)),
            Step::Verify(job) => {
                let result = exec.verify(&job);
                lock(plan).handle_verify(result);
            }
            Step::Part(mut job) => match exec.prepare(&mut job) {
                Ok(prepared) => start(Work::Part(job, prepared)),
                Err(outcome) => {
                    report(plan, exec, &job, outcome);
                }
            },
        }
    }
}

/// Runs `plan` to its end on the current task and returns it (take its result with
/// [`TransferPlan::into_result`]).
pub(crate) async fn run_async<P: TransferPlan, E: Executor<P>>(plan: P, exec: &E) -> P {
    let plan = Mutex::new(plan);
    let mut pending = Vec::new();
    let mut stalls = 0;
    loop {
        if start_ready(&plan, exec, |work| pending.push(Box::pin(perform(exec, work)))) {
            break;
        }
        let Some(event) = next_event(&mut pending).await else {
            stalls += 1;
            if stalls > 1 {
                break;
            }
            lock(&plan).fail(stalled());
            continue;
        };
        match event {
            Event::Call(result) => lock(&plan).handle_call(result),
            Event::Part(job, prepared, outcome) => {
                if report(&plan, exec, &job, outcome) == PartDecision::Retry {
                    pending.push(Box::pin(perform(exec, Work::Part(job, prepared))));
                } else {
                    exec.release(prepared);
                }
            }
        }
    }
    plan.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
}
