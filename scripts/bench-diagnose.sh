#!/usr/bin/env bash
# Times diagnose.Explain on a 64 KB log (BenchmarkExplain64KB) for this tree
# and for a base commit (default: the merge before issue 7's matcher work),
# interleaved in one run so that both see the same machine load (8 runs
# each), and prints benchstat's comparison of wall time per call and the
# medians of CPU time per call: user+sys of the benchmark process, less the
# same process running one call (start-up, building the log), divided by the
# calls. A loaded shared machine inflates CPU time far less than wall time.
# benchstat: go install golang.org/x/perf/cmd/benchstat@latest (optional).
# Usage: scripts/bench-diagnose.sh [base-commit]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-5057e4e}
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/base" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add --detach "$tmp/base" "$base" >/dev/null 2>&1
cp diagnose/bench_test.go "$tmp/base/diagnose/"
go test -c -o "$tmp/after.test" ./diagnose
(cd "$tmp/base" && go test -c -o "$tmp/before.test" ./diagnose)
n=200
# cpu BINARY DIR CALLS OUT: prints user+sys nanoseconds of one benchmark run
cpu() {
  TIMEFORMAT='%U %S'
  { time (cd "$2" && "$1" -test.run '^$' -test.bench Explain64KB -test.benchtime "$3"x > "$4"); } 2> "$tmp/cpu"
  awk '{printf "%d", ($1+$2)*1e9}' "$tmp/cpu"
}
bc=() ac=()
for i in 1 2 3 4 5 6 7 8; do
  for side in before after; do
    if [ $side = before ]; then bin=$tmp/before.test dir=$tmp/base/diagnose; else bin=$tmp/after.test dir=diagnose; fi
    one=$(cpu "$bin" "$dir" 1 /dev/null)
    all=$(cpu "$bin" "$dir" $n "$tmp/out")
    grep '^Benchmark' "$tmp/out" >> "$tmp/$side.txt"
    c=$(( (all - one) / (n - 1) ))
    if [ $side = before ]; then bc+=("$c"); else ac+=("$c"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print (a[int((NR+1)/2)]+a[int(NR/2)+1])/2}'; }
ms() { awk "BEGIN{printf \"%.2f ms\", $1/1e6}"; }
echo "Explain on a 64 KB log: 8 interleaved runs of $n calls each; before = $base"
if command -v benchstat >/dev/null; then
  (cd "$tmp" && benchstat before.txt after.txt)
else
  echo "  (benchstat not installed: raw lines)"; cat "$tmp/before.txt" "$tmp/after.txt"
fi
echo "CPU per call, medians: before $(ms "$(median "${bc[@]}")")   after $(ms "$(median "${ac[@]}")")   after/before $(awk "BEGIN{printf \"%.2f\", $(median "${ac[@]}")/$(median "${bc[@]}")}")"
echo "  before: ${bc[*]}"
echo "  after:  ${ac[*]}"
echo "  (load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
