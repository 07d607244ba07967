#!/usr/bin/env bash
# Matching alone, DoxGuard vs ripgrep, on the same bytes.
#
# Writes the normalised haystack (corpus pages + fictitious identifiers,
# ≥ 32 MiB) and the 10,000-identifier pattern list (every text pattern and
# digit key the detector searches for) to a temporary folder, then times
# `rg -F --count-matches -f patterns haystack` (best of 5, one thread) and
# BenchmarkMatch10k (-cpu 1), and prints both in MB/s and their ratio.
# Run from anywhere: bash monitor/detect/testdata/rg-compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
DETECT_RG_DIR=$dir go test -run '^TestWriteRGCorpus$' -count=1 -v . | grep -o 'wrote.*' || true
size=$(stat -c %s "$dir/haystack.txt")
npat=$(wc -l <"$dir/patterns.txt")
best=
for _ in 1 2 3 4 5; do
	s=$(date +%s.%N)
	rg -j1 -F --count-matches -f "$dir/patterns.txt" "$dir/haystack.txt" >/dev/null
	e=$(date +%s.%N)
	t=$(echo "$e - $s" | bc -l)
	if [ -z "$best" ] || (($(echo "$t < $best" | bc -l))); then best=$t; fi
done
rgmbs=$(echo "$size / $best / 1000000" | bc -l)
ours=$(go test -run '^$' -bench '^BenchmarkMatch10k$' -benchtime 5x -cpu 1 . | awk '/BenchmarkMatch10k/ {for (i=1;i<=NF;i++) if ($(i+1)=="MB/s") print $i}')
printf 'haystack %d bytes, %d patterns\n' "$size" "$npat"
printf 'rg -F (best of 5, -j1): %.1f MB/s\n' "$rgmbs"
printf 'detect matching:        %.1f MB/s\n' "$ours"
printf 'ratio detect / rg:      %.2f\n' "$(echo "$ours / $rgmbs" | bc -l)"
