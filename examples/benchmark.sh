#!/usr/bin/env bash
# Times check, list and show on a synthetic checklist against a floor measured
# in the same run: reading every byte of the group files (cat > /dev/null).
# Figures are medians of RUNS runs; ratios to the floor are what to compare
# across machines.
#
# The history part builds a repository of COMMITS progress commits and times
# `history` against `git log -p -- tasks/` on it.
#
# Usage: examples/benchmark.sh [LEAVES] [RUNS] [COMMITS]
set -euo pipefail
leaves=${1:-100000}
runs=${2:-5}
commits=${3:-10000}
cd "$(dirname "$0")/.."
cargo build --release --quiet --example synthetic --example synthetic_history
bin=target/release/taizhang
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/release/examples/synthetic "$dir" "$leaves" >/dev/null
bytes=$(cat "$dir"/tasks/*.yaml | wc -c)

# Median wall time in milliseconds of running "$@" $runs times.
median_ms() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

floor=$(median_ms sh -c "cat '$dir'/tasks/*.yaml > /dev/null")
[ "$floor" -gt 0 ] || floor=1
printf '%s leaves, %s files, %s MB; floor (cat) %s ms\n' "$leaves" "$(ls "$dir"/tasks/*.yaml | wc -l)" "$(( bytes / 1000000 ))" "$floor"
printf '%-58s %8s %8s\n' command ms ×floor
for args in "check" "list --format json" "list --unit 市司法局 --overdue --as-of 2021-01-01" "show 1.1"; do
  # shellcheck disable=SC2086
  ms=$(median_ms "$bin" -C "$dir" $args)
  printf '%-58s %8s %8s\n' "taizhang $args" "$ms" "$(awk "BEGIN { printf \"%.1f\", $ms / $floor }")"
done

history=$dir/history
target/release/examples/synthetic_history "$history" "$commits" >/dev/null
floor=$(median_ms git -C "$history" log -p -- tasks/)
[ "$floor" -gt 0 ] || floor=1
printf '\n%s commits; floor (git log -p -- tasks/) %s ms\n' "$commits" "$floor"
printf '%-58s %8s %8s\n' command ms ×floor
for args in "history" "history --format json" "history 17.1.1"; do
  # shellcheck disable=SC2086
  ms=$(median_ms "$bin" -C "$history" $args)
  printf '%-58s %8s %8s\n' "taizhang $args" "$ms" "$(awk "BEGIN { printf \"%.1f\", $ms / $floor }")"
done
