#!/usr/bin/env bash
# Times every report on synthetic checklists of several sizes against floors
# measured in the same run, so that the ratios compare across machines:
#   the parse floor: reading and parsing every group file on one thread into
#     a generic YAML value, no validation (examples/parse_floor.rs);
#   cat: reading every byte of the group files.
# Each figure is the median of RUNS runs, with the peak memory (RSS) of the
# last run. Then `history` on a repository of COMMITS progress commits,
# against `git log -p -- tasks/` on the same repository.
#
# Usage: examples/benchmark.sh [SIZES] [RUNS] [COMMITS]
#   SIZES: leaf counts separated by commas (default 10000,100000,300000)
set -euo pipefail
sizes=${1:-10000,100000,300000}
runs=${2:-3}
commits=${3:-10000}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin taizhang --example synthetic --example synthetic_history --example parse_floor
bin=$PWD/target/release/taizhang
examples=$PWD/target/release/examples
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Sets $ms to the median wall time in milliseconds of running "$@" $runs
# times, and $mb to the peak memory of the last run in MB.
measure() {
  local times=() start end
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  mb=$(( $(tail -n 1 "$work/rss") / 1024 ))
}

# One table row: the label, then $ms, $ms as a ratio to $floor, and $mb.
row() {
  printf '| %-52s | %7s | %7s | %6s |\n' "$1" "$ms" "$(awk "BEGIN { printf \"%.2f\", $ms / $floor }")" "$mb"
}

header() {
  printf '| %-52s | %7s | %7s | %6s |\n' command ms "× floor" "peak MB"
  printf '|%s|--------:|--------:|-------:|\n' "$(printf -- '-%.0s' {1..54})"
}

for leaves in ${sizes//,/ }; do
  dir=$work/checklist-$leaves
  "$examples/synthetic" "$dir" "$leaves" >/dev/null
  files=$(find "$dir/tasks" -name '*.yaml' | wc -l)
  bytes=$(cat "$dir"/tasks/*.yaml | wc -c)
  measure "$examples/parse_floor" "$dir"
  floor=$ms
  [ "$floor" -gt 0 ] || floor=1
  printf '\n%s leaves, %s files, %s MB of YAML\n\n' "$leaves" "$files" "$(( bytes / 1000000 ))"
  header
  row "parse floor (examples/parse_floor.rs)"
  measure sh -c "cat '$dir'/tasks/*.yaml > /dev/null"
  row "cat tasks/*.yaml"
  for args in "check" "list --format json" "list" "list --unit 市司法局 --overdue" "overdue" \
    "overdue --format json" "summary" "summary --by unit" "export --format xlsx -o $work/out.xlsx" \
    "export --format csv -o $work/out.csv" "site -o $work/site"; do
    # shellcheck disable=SC2086
    measure env TAIZHANG_TODAY=2021-07-01 "$bin" -C "$dir" $args
    row "taizhang ${args/ -o $work\// -o }"
    if [ "$args" = check ]; then check_mb=$mb; fi
  done
  printf '\npeak memory of check: %s MB = %s × the YAML\n' "$check_mb" \
    "$(awk "BEGIN { printf \"%.1f\", $check_mb * 1048576 / $bytes }")"
  rm -rf "$dir"
done

history=$work/history
"$examples/synthetic_history" "$history" "$commits" >/dev/null
measure git -C "$history" log -p -- tasks/
floor=$ms
[ "$floor" -gt 0 ] || floor=1
printf '\n%s commits\n\n' "$commits"
header
row "git log -p -- tasks/"
for args in "history" "history --format json" "history 17.1.1"; do
  # shellcheck disable=SC2086
  measure "$bin" -C "$history" $args
  row "taizhang $args"
done
