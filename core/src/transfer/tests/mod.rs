//! Planner tests: each drives a planner with a scripted "server" and checks the calls it
//! asks for, their inputs, and the outcome.

mod copy;
mod download;
mod upload;

use crate::{Document, Error, ServiceError};

use super::{OpCall, PartDecision, PartJob, PartOutcome, Step, TransferPlan};

const MIB: u64 = 1024 * 1024;

/// A service error with `code` and `status`.
fn service_error(code: &str, status: u16) -> Error {
    Error::Service(ServiceError { code: code.into(), status, ..Default::default() })
}

/// Runs `plan` sequentially (one thing at a time): `call` answers calls, `part` answers
/// parts (retries included); `after_part` runs after each accepted part (downloads write
/// there). Returns the log of operations asked for.
fn drive<P: TransferPlan>(
    plan: &mut P,
    mut call: impl FnMut(&OpCall) -> Result<Document, Error>,
    mut part: impl FnMut(&PartJob) -> PartOutcome,
    mut after_part: impl FnMut(&mut P),
) -> Vec<String> {
    let mut log = Vec::new();
    for _ in 0..100_000 {
        match plan.poll() {
            Step::Call(c) => {
                log.push(c.operation.to_owned());
                let result = call(&c);
                plan.handle_call(result);
            }
            Step::Part(job) => loop {
                log.push(format!("{} {}", job.operation, job.number));
                let outcome = part(&job);
                match plan.handle_part(job.number, outcome) {
                    PartDecision::Retry => continue,
                    PartDecision::Accepted => {
                        after_part(plan);
                        break;
                    }
                    PartDecision::Stop => break,
                }
            },
            Step::Verify(job) => panic!("no plan driven here checks a composite checksum: {job:?}; log: {log:?}"),
            Step::Wait => panic!("Wait with nothing outstanding; log: {log:?}"),
            Step::Done => return log,
        }
    }
    panic!("the plan never finished; log: {log:?}")
}

/// A successful part outcome moving `job.len` bytes.
fn part_ok(job: &PartJob, output: Document) -> PartOutcome {
    PartOutcome::Done { output, bytes: job.len, checksum: None }
}
