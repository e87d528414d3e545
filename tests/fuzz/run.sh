#!/bin/sh
# tests/fuzz/run.sh FUZZER SECONDS [WORKDIR]: run the config fuzz target
# (tests/fuzz_config.c, built by `make fuzz`) for SECONDS.
#   seed corpus: every configs/*.json, tests/configs/good/*.json and
#                tests/configs/bad/*.json, copied afresh into WORKDIR/seed;
#   corpus:      WORKDIR/corpus, what libFuzzer adds (kept between runs);
#   crashes:     WORKDIR/artifacts/crash-*, leak-*, timeout-*;
#   dictionary:  tests/fuzz/config.dict.
# WORKDIR defaults to build/fuzz (git-ignored): nothing lands in the
# source tree.  Exit status is the fuzzer's: 0 only when it found nothing.
# Replay one input: FUZZER WORKDIR/artifacts/crash-...
set -u
FUZZER=$1
SECONDS_=$2
WORK=${3:-build/fuzz}
mkdir -p "$WORK/corpus" "$WORK/artifacts"
rm -rf "$WORK/seed"
mkdir -p "$WORK/seed"
for f in configs/*.json tests/configs/good/*.json tests/configs/bad/*.json; do
	[ -f "$f" ] && cp "$f" "$WORK/seed/$(printf '%s' "$f" | tr / _)"
done
echo "fuzz: $(ls "$WORK/seed" | wc -l) seed configs, $(ls "$WORK/corpus" | wc -l) in the corpus, ${SECONDS_}s" >&2
exec "$FUZZER" -max_total_time="$SECONDS_" -timeout=10 -rss_limit_mb=2048 \
	-dict=tests/fuzz/config.dict -artifact_prefix="$WORK/artifacts/" \
	-print_final_stats=1 "$WORK/corpus" "$WORK/seed"
