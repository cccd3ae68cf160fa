#!/bin/sh
# Run one libFuzzer harness: first over its kept regression inputs
# (tests/fuzz/regress/NAME/, each must pass), then fuzzing for SECONDS from
# a corpus seeded with the project's own fixtures and examples.
#
#   tests/fuzz/run.sh BUILD_DIR NAME SECONDS
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$1/$2 name=$2 secs=$3
corpus=$1/corpus/$name
mkdir -p "$corpus" "$1/crashes"
export ITSS_FUZZ_MODEL="$top/models/itss1-2023.yaml"
seed() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$corpus/" 2>/dev/null; done; return 0; }
case $name in
fuzz_yaml) seed "$top"/tests/data/bad/*.yaml "$top"/tests/data/models/*.yaml "$top"/examples/huaxin/itss.yaml ;;
fuzz_model) seed "$top"/tests/data/models/*.yaml "$top"/tests/data/bad/*.yaml "$top"/models/db11-user.yaml "$top"/models/dgag038-2025.yaml ;;
fuzz_evidence) seed "$top"/examples/huaxin/evidence/*/*.yaml ;;
fuzz_csv) seed "$top"/examples/huaxin/evidence/*.csv "$top"/examples/huaxin/evidence/*/*.csv "$top"/tests/data/repo-zh/evidence/*.csv ;;
fuzz_actions) seed "$top"/examples/huaxin/actions/*.yaml ;;
fuzz_judgements) seed "$top"/examples/huaxin/judgements/*.yaml "$top"/tests/fuzz/seeds/judgements/*.yaml ;;
fuzz_saved) seed "$top"/tests/fuzz/seeds/saved/*.json ;;
fuzz_config) seed "$top"/examples/huaxin/itss.yaml "$top"/tests/data/*/itss.yaml ;;
fuzz_crosswalk) seed "$top"/models/crosswalks/*.yaml ;;
fuzz_xlsx) seed "$top"/tests/fuzz/seeds/xlsx/*.xlsx ;;
fuzz_walk) seed "$top"/tests/fuzz/seeds/walk/* ;;
esac
if [ -d "$top/tests/fuzz/regress/$name" ]; then
	"$bin" -runs=0 "$top/tests/fuzz/regress/$name"/* >/dev/null 2>&1 ||
		{ echo "FAIL $name: a kept regression input fails again"; exit 1; }
fi
"$bin" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 \
    -artifact_prefix="$1/crashes/$name-" -print_final_stats=1 "$corpus" \
    >"$1/$name.log" 2>&1 ||
	{ echo "FAIL $name: see $1/$name.log and $1/crashes/"; tail -n 30 "$1/$name.log"; exit 1; }
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$1/$name.log")
cov=$(grep -o 'cov: [0-9]*' "$1/$name.log" | tail -n 1)
echo "ok   $name: ${secs} s, $execs runs, $cov, $(ls "$corpus" | wc -l) inputs, no crash"
