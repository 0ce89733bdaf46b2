#!/usr/bin/env bash
# Times diagnose.Explain on a 64 KB log (BenchmarkExplain64KB) for this tree
# and for a base commit (default: the merge before issue 7's matcher work),
# interleaved in one run so that both see the same machine load, and prints
# the medians and their ratio: wall time per call (go test -bench) and CPU
# time per call (user+sys of the benchmark process / iterations), which a
# loaded shared machine inflates far less. Usage: scripts/bench-diagnose.sh [base-commit]
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
# run BINARY DIR: prints "wall-ns/op cpu-ns/op"
run() {
  local out cpu
  TIMEFORMAT='%U %S'
  { time (cd "$2" && "$1" -test.run '^$' -test.bench Explain64KB -test.benchtime ${n}x > "$tmp/out"); } 2> "$tmp/cpu"
  out=$(awk '/^Benchmark/{print $3}' "$tmp/out")
  cpu=$(awk -v n=$n '{printf "%d", ($1+$2)*1e9/n}' "$tmp/cpu")
  echo "$out $cpu"
}
bw=() bc=() aw=() ac=()
for i in 1 2 3 4 5; do
  read -r w c < <(run "$tmp/before.test" "$tmp/base/diagnose"); bw+=("$w"); bc+=("$c")
  read -r w c < <(run "$tmp/after.test" diagnose); aw+=("$w"); ac+=("$c")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
ms() { awk "BEGIN{printf \"%.2f ms\", $1/1e6}"; }
echo "Explain on a 64 KB log: 5 interleaved runs of $n calls each, medians"
echo "  wall  before ($base) $(ms "$(median "${bw[@]}")")   after $(ms "$(median "${aw[@]}")")   after/before $(awk "BEGIN{printf \"%.2f\", $(median "${aw[@]}")/$(median "${bw[@]}")}")"
echo "  cpu   before ($base) $(ms "$(median "${bc[@]}")")   after $(ms "$(median "${ac[@]}")")   after/before $(awk "BEGIN{printf \"%.2f\", $(median "${ac[@]}")/$(median "${bc[@]}")}")"
echo "  (load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
