//! botocore 1.44.5's endpoint rule tests, for every service (see
//! `stratus_tests::endpoint_tests`).

#[test]
fn endpoint_tests() {
    stratus_tests::endpoint_tests::run();
}
