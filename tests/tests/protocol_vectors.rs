//! botocore's protocol vectors: input (serialization, `stratus_tests::protocol_input`) and
//! output (parsing, `stratus_tests::protocol_output`), counted as one suite. Known failures
//! live in `tests/known-failures.json` under "protocol vectors", keyed by case id
//! (`input/<file>/<suite>/<case>`, `output/<file>/<suite>/<case>`).

use stratus_tests::protocol_input::{count_input_cases, run_input_vectors};
use stratus_tests::protocol_output::{count_output_cases, run_output_vectors};
use stratus_tests::tally::Tally;

#[test]
fn protocol_vectors() {
    let mut tally = Tally::new("protocol vectors", count_input_cases() + count_output_cases());
    run_input_vectors(&mut tally);
    run_output_vectors(&mut tally);
    tally.finish();
}
