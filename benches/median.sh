#!/usr/bin/env bash
# Runs a benchmark command several times and prints, for every result line, the median
# of each figure over the runs (times are compared in nanoseconds, whatever unit each
# run printed). Lines starting with '#' (the run's conditions) are printed for every run.
#
#   benches/median.sh 5 cargo bench -q -p stratus-benches --bench sigv4
#
# Result lines are `name: ... <number> <unit> ... <number> ...`; each run must print the
# same lines in the same order (the benches do).
set -euo pipefail
runs=${1:?usage: median.sh RUNS COMMAND...}
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for run in $(seq "$runs"); do
  "$@" 2>/dev/null | grep -E '^(#|[^ ].*: )' | sed "s/^/$run\t/" >>"$out"
done
awk -F'\t' -v runs="$runs" '
function to_ns(v, unit) { return unit == "ns" ? v + 0 : unit == "µs" ? v * 1e3 : unit == "ms" ? v * 1e6 : v * 1e9 }
function human(ns) {
  if (ns < 1e3) return sprintf("%.0f ns", ns)
  if (ns < 1e6) return sprintf("%.2f µs", ns / 1e3)
  if (ns < 1e9) return sprintf("%.2f ms", ns / 1e6)
  return sprintf("%.2f s", ns / 1e9)
}
function median(key, j,    n, i, k, t, a) {
  n = 0
  for (i = 1; i <= runs; i++) if ((key, j, i) in val) a[++n] = val[key, j, i]
  for (i = 2; i <= n; i++) { t = a[i]; for (k = i - 1; k >= 1 && a[k] > t; k--) a[k + 1] = a[k]; a[k + 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
$2 ~ /^#/ { print "run " $1 " " $2; next }
{
  run = $1; line = $2; sep = index(line, ": "); key = substr(line, 1, sep - 1)
  if (!(key in seen)) { seen[key] = 1; order[++keys] = key; rest[key] = substr(line, sep + 2) }
  n = split(substr(line, sep + 2), tok, " ")
  for (j = 1; j <= n; j++) {
    if (!match(tok[j], /[0-9]+(\.[0-9]+)?/)) continue
    if (RLENGTH != length(tok[j]) && tok[j] !~ /^\(?[0-9.]+[,)]*$/) continue
    v = substr(tok[j], RSTART, RLENGTH) + 0
    unit = tok[j + 1]; sub(/[,)]+$/, "", unit)
    val[key, j, run] = (unit ~ /^(ns|µs|ms|s)$/) ? to_ns(v, unit) : v
  }
}
END {
  print "median of " runs " runs:"
  for (o = 1; o <= keys; o++) {
    key = order[o]; n = split(rest[key], tok, " "); text = ""
    for (j = 1; j <= n; j++) {
      word = tok[j]
      if ((key, j, 1) in val) {
        unit = tok[j + 1]; tail = unit; sub(/[,)]+$/, "", unit); sub(/^[^,)]*/, "", tail)
        m = median(key, j); lead = (word ~ /^\(/) ? "(" : ""
        if (unit ~ /^(ns|µs|ms|s)$/) { word = lead human(m) tail; j++ }
        else { trail = word; sub(/^\(?[0-9.]+/, "", trail); word = lead ((word ~ /\./) ? sprintf("%.3f", m) : sprintf("%d", m)) trail }
      }
      text = text (text == "" ? "" : " ") word
    }
    print key ": " text
  }
}' "$out"
