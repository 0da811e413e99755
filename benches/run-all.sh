#!/usr/bin/env bash
# Runs the Stratus benchmarks that BENCHMARKS.md quotes, each RUNS times (default 5),
# printing the median of every figure (see median.sh). With `compare`, also the
# same-process comparisons in benches/compare (aws-sigv4; aws-sdk-s3, whose first build
# takes 10+ minutes on 2 cores). The transfer bench needs servers: see BENCHMARKS.md.
#
#   benches/run-all.sh 5 compare
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo bench -q -p stratus-benches --no-run
for bench in sigv4 parse client_call model_load endpoint serialize; do
  printf '\n== %s\n' "$bench"
  benches/median.sh "$runs" cargo bench -q -p stratus-benches --bench "$bench"
done
if [ "${2:-}" = compare ]; then
  cd benches/compare
  export CARGO_TARGET_DIR=${COMPARE_TARGET_DIR:-target}
  cargo bench -q --features sdk --no-run
  for bench in sigv4 list_objects; do
    printf '\n== compare %s\n' "$bench"
    ../median.sh "$runs" cargo bench -q --features sdk --bench "$bench"
  done
fi
