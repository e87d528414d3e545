#!/bin/sh
# tests/alloc.sh BSWEEP: allocation-failure injection (util.h).
#
# For k = 1, 2, 3, ... each scenario runs with BSWEEP_FAIL_ALLOC=k (the
# k-th checked allocation fails: xmalloc/xcalloc, and cJSON's allocations
# through main.c's hooks) until a run no longer reaches allocation k.  With
# BSWEEP_ALLOC_STATS set bsweep reports at exit how many allocations it
# made, so a run that reached allocation k (the failure happened) is told
# from one that did not.  A run whose allocation k failed must:
#   - exit 1 (not 0: a swallowed failure; not 2: blamed on the config; no
#     signal), with a line "bsweep: ...out of memory" on stderr;
#   - print no sanitizer report (`make check SANITIZE=1` passes
#     build/san/bsweep: ASan, LeakSanitizer and UBSan watch every run);
#   - print nothing on stdout (data, --print-config), create nothing for a
#     bad config, and leave no temporary ".NAME.tmp-XXXXXX" file and no
#     partial file (every CSV complete from its header to a final newline,
#     run.json closed).
# The first run that does not reach allocation k must give the normal
# result (exit 0, or 2 and the exact message for a bad config).
# Scenarios: a fresh sweep, the same sweep again over its own results
# (run.json read back and compared), a shard, `bsweep merge` of two
# shards, `bsweep data -o FILE`,
# --print-config (also with --set overrides), a config with an unknown
# key and a truncated one.
# One "ok" line per clean scenario; each failure prints "not ok" with its
# k (consecutive k with the same symptom on one line).  Runs two k at a
# time (BSWEEP_ALLOC_JOBS, default 2).
# BSWEEP_ALLOC_STRIDE=S and BSWEEP_ALLOC_OFFSET=C try k = 1 + o, 1 + o + S,
# 1 + o + 2S, ... with o = C mod S (default S = 1: every k).  `make check`
# sets S = 2 for a sanitizer build, where a leak or overflow on a failure
# path shows, 5 for the plain build, and C = the number of commits, so
# consecutive commits try different points and two of them try all
# under the sanitizers.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
JOBS=${BSWEEP_ALLOC_JOBS:-2}
STRIDE=${BSWEEP_ALLOC_STRIDE:-1}
case $STRIDE in '' | *[!0-9]* | 0) echo "alloc.sh: BSWEEP_ALLOC_STRIDE must be a positive integer, got '$STRIDE'" >&2; exit 2 ;; esac
OFFSET=${BSWEEP_ALLOC_OFFSET:-0}
case $OFFSET in '' | *[!0-9]*) echo "alloc.sh: BSWEEP_ALLOC_OFFSET must be a non-negative integer, got '$OFFSET'" >&2; exit 2 ;; esac
OFFSET=$((OFFSET % STRIDE))
SWEEP_CFG=tests/configs/alloc_tiny.json

# One run of scenario $SCEN with allocation $1 failing, in $W/$1/, judged
# at once (in the background job: judging costs more than the run); the
# verdict goes to $W/$1/verdict: "end" (allocation $1 was not reached and
# the result is the normal one), "ok", or a symptom: a short kind on the
# first line (consecutive k of one kind are reported together), details
# after it.
one() {
	k=$1 d=$W/$1
	mkdir "$d"
	case $SCEN in rerun|merge) cp -R "$W/template" "$d/out" ;; esac
	case $SCEN in
	sweep|rerun) set -- -q -o "$d/out" "$SWEEP_CFG" ;;
	shard) set -- -q --shard 1/2 -o "$d/out" "$SWEEP_CFG" ;;
	merge) set -- merge -q "$d/out" ;;
	data) mkdir "$d/out"; set -- data -o "$d/out/data.csv" "$SWEEP_CFG" ;;
	print) set -- --print-config tests/configs/good/exact_doubles.json ;;
	sets) set -- --print-config -s 'train={"epochs": 2}' -s 'sweep.seeds=[1,2]' -s name=x \
		-s train.warmup.steps=3 tests/configs/good/exact_doubles.json ;;
	bad) set -- -o "$d/out" tests/configs/bad/unknown_key_nested.json ;;
	truncated) set -- -o "$d/out" tests/configs/bad/truncated.json ;;
	esac
	BSWEEP_FAIL_ALLOC=$k BSWEEP_ALLOC_STATS=1 "$BSWEEP" "$@" \
		>"$d/stdout" 2>"$d/stderr.all" </dev/null
	verdict "$k" $? >"$d/verdict"
}

verdict() { # verdict K RC
	k=$1 rc=$2 d=$W/$1
	# the stats line apart; the allocation count, a sanitizer report,
	# an "out of memory" message
	info=$(awk -v err="$d/stderr" '
		BEGIN { printf "" > err }
		/^bsweep: alloc-stats: / { c = $0; sub(/.* count=/, "", c); sub(/ .*/, "", c); next }
		/Sanitizer|runtime error:/ { san = 1 }
		/^bsweep: .*out of memory/ { oom = 1 }
		{ print > err }
		END { printf "%s %d %d\n", c == "" ? "-" : c, san, oom }' "$d/stderr.all")
	set -- $info
	count=$1 san=$2 oom=$3
	if [ "$san" = 1 ]; then
		echo "sanitizer report (exit $rc)"
		grep -m 4 -E 'ERROR|SUMMARY|runtime error:|#[0-4] ' "$d/stderr"
		return
	fi
	if [ "$count" = - ]; then
		echo "no clean exit: exit $rc$([ "$rc" -gt 128 ] && echo " (signal $((rc - 128)))")"
		head -n 3 "$d/stderr"
		return
	fi
	if [ "$count" -lt "$k" ] || [ "$k" = 0 ]; then
		case $SCEN in
		bad|truncated)
			if [ "$rc" = 2 ] && [ "$(cat "$d/stderr")" = "$(cat "$EXPECTED")" ]; then
				echo end
			else
				echo "without a failure: exit $rc, expected 2 and the catalogue's message"
				head -n 2 "$d/stderr"
			fi ;;
		*)
			if [ "$rc" = 0 ]; then
				echo end
			else
				echo "without a failure: exit $rc, expected 0"
				head -n 2 "$d/stderr"
			fi ;;
		esac
		return
	fi
	if [ "$rc" = 0 ]; then
		echo "allocation failure swallowed: exit 0"
		echo "the run went on without the memory it asked for; stderr: $(head -c 200 "$d/stderr")"
		return
	fi
	if [ "$rc" != 1 ]; then
		echo "exit $rc, expected 1"
		head -n 2 "$d/stderr"
		return
	fi
	if [ "$oom" != 1 ]; then
		echo "no 'out of memory' message"
		head -n 2 "$d/stderr"
		return
	fi
	if [ -s "$d/stdout" ] && [ "$SCEN" != sweep ] && [ "$SCEN" != rerun ]; then
		echo "output on stdout despite the failure"
		head -c 200 "$d/stdout"
		return
	fi
	if [ -e "$d/out" ] && { [ "$SCEN" = bad ] || [ "$SCEN" = truncated ]; }; then
		echo "output directory created for a bad config"
		return
	fi
	left=$(bad_files "$d/out")
	if [ -n "$left" ]; then
		echo "temporary or partial file left"
		printf '%s\n' "$left" | sed "s|$d/||" | head -n 3
		return
	fi
	echo ok
}

# Files left in $1 that a failed run must not leave: temporaries, CSVs
# without header or final newline, an unclosed run.json.  Prints them.
# (Paths under T_TMP: no blanks, so word splitting is safe.)
bad_files() {
	[ -d "$1" ] || return 0
	csvs="" n=0
	for f in $(find "$1" -type f \( -name '.*.tmp-*' -o -name '*.csv' -o -name run.json \)); do
		case $f in
		*/.*.tmp-*) echo "$f (temporary)" ;;
		*/run.json) [ "$(tail -n 1 "$f")" = "}" ] || echo "$f (partial)" ;;
		*.csv) csvs="$csvs $f" n=$((n + 1)) ;;
		esac
	done
	[ "$n" = 0 ] && return 0
	awk 'FNR == 1 && FILENAME !~ /data\.csv$/ && !/^(sweep,(run,)?)?batch_size,/ { print FILENAME " (no header)" }' $csvs
	# the last byte of every CSV: n newlines
	[ "$(tail -q -c 1 $csvs | od -An -c | tr -d ' \n')" = "$(printf '%*s' "$n" '' | sed 's/ /\\n/g')" ] ||
		echo "a CSV without its final newline among:$csvs"
}

# Run scenario $1 for k = 1, 2, ... until done; report.
scenario() {
	SCEN=$1 what=$2 EXPECTED=${3:-}
	W=$T_TMP/$SCEN
	mkdir -p "$W"
	if [ "$SCEN" = rerun ]; then
		"$BSWEEP" -q -o "$W/template" "$SWEEP_CFG" >/dev/null 2>&1 ||
			{ t_not_ok "$what: the sweep without failures fails"; return; }
	fi
	if [ "$SCEN" = merge ]; then
		"$BSWEEP" -q --shard 0/2 -o "$W/template" "$SWEEP_CFG" >/dev/null 2>&1 &&
		"$BSWEEP" -q --shard 1/2 -o "$W/template" "$SWEEP_CFG" >/dev/null 2>&1 ||
			{ t_not_ok "$what: the shards without failures fail"; return; }
	fi
	# without a failure (k = 0 injects none): how many allocations a
	# run makes, which bounds the loop
	one 0
	n_alloc=$(sed -n 's/^bsweep: alloc-stats: count=\([0-9]*\) .*/\1/p' "$W/0/stderr.all")
	if [ -z "$n_alloc" ] || [ "$(cat "$W/0/verdict")" != end ]; then
		t_not_ok "$what: the run without an allocation failure fails" \
			"$(cat "$W/0/verdict"; head -n 3 "$W/0/stderr.all")"
		return
	fi
	rm -rf "${W:?}/0"
	MAX_K=$((n_alloc + 2 * JOBS * STRIDE))
	DONE=0 k=$((1 + OFFSET)) failures=0 prev_kind="" range_from=0 range_detail="" last_k=0 last=0 tried=0
	flush() {
		[ -z "$prev_kind" ] && return
		if [ "$range_from" = "$last_k" ]; then ks="k=$range_from"; else ks="k=$range_from..$last_k"; fi
		t_not_ok "$what: $ks: $prev_kind" "$range_detail"
		prev_kind=""
	}
	while [ "$DONE" = 0 ] && [ "$k" -le "$MAX_K" ]; do
		j=0
		while [ "$j" -lt "$JOBS" ]; do
			one $((k + j * STRIDE)) &
			j=$((j + 1))
		done
		wait
		j=0
		while [ "$j" -lt "$JOBS" ] && [ "$DONE" = 0 ]; do
			kk=$((k + j * STRIDE))
			symptom=$(cat "$W/$kk/verdict")
			case $symptom in
			end) DONE=1 last=$kk symptom="" ;;
			ok) symptom="" tried=$((tried + 1)) ;;
			*) tried=$((tried + 1)) ;;
			esac
			if [ -n "$symptom" ]; then
				failures=$((failures + 1))
				kind=$(printf '%s\n' "$symptom" | head -n 1)
				if [ "$kind" != "$prev_kind" ] || [ "$last_k" != $((kk - STRIDE)) ]; then
					flush
					prev_kind=$kind range_from=$kk
					range_detail=$(printf '%s\n' "$symptom" | tail -n +2)
				fi
				last_k=$kk
			else
				flush
			fi
			j=$((j + 1))
		done
		j=0
		while [ "$j" -lt "$JOBS" ]; do
			rm -rf "${W:?}/$((k + j * STRIDE))"
			j=$((j + 1))
		done
		k=$((k + JOBS * STRIDE))
	done
	flush
	if [ "$DONE" != 1 ]; then
		t_not_ok "$what: a run with allocation $MAX_K failing still reached it, though without failures a run makes $n_alloc"
		return
	fi
	if [ "$STRIDE" = 1 ]; then points=$((last - 1)); else points=$tried; fi
	ALL_POINTS=$((ALL_POINTS + points))
	if [ "$STRIDE" = 1 ]; then of="allocation failure points"; else of="of its $n_alloc allocation failure points (1 in $STRIDE, from k = $((1 + OFFSET)))"; fi
	if [ "$failures" = 0 ]; then
		t_ok "$what: $points $of, each exit 1 with 'out of memory', nothing partial left"
	else
		echo "# $what: $points $of, $failures of them mishandled"
	fi
}

ALL_POINTS=0
scenario sweep "fresh sweep"
scenario rerun "sweep over its own results"
scenario shard "a shard (--shard 1/2)"
scenario merge "bsweep merge of 2 shards"
scenario data "data -o FILE"
scenario print "--print-config"
scenario sets "--print-config with --set overrides"
scenario bad "bad config (unknown key)" tests/configs/bad/unknown_key_nested.expected
scenario truncated "bad config (truncated JSON)" tests/configs/bad/truncated.expected
echo "# $ALL_POINTS allocation failure points tried in all (stride $STRIDE, offset $OFFSET; BSWEEP_ALLOC_STRIDE=1 tries every one)"
t_done
