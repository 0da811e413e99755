//! Temporary driver for the output protocol vectors until `protocol_vectors.rs` runs them
//! together with the input vectors (the lead merges or removes this file).

use stratus_tests::protocol_output::{count_output_cases, run_output_vectors};
use stratus_tests::tally::Tally;

#[test]
fn protocol_output_vectors() {
    let mut tally = Tally::new("protocol output vectors", count_output_cases());
    run_output_vectors(&mut tally);
    tally.finish();
}
