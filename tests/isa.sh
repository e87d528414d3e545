#!/bin/sh
# tests/isa.sh BSWEEP: the fused kernels' instruction-set variants (src/isa.c).
#   - small sweeps on the fused path (the default network and others:
#     tanh, sigmoid, two hidden layers, a wider input, and the
#     optimizers, whose updates have variants too (src/update.c); batch
#     sizes with a partial last block and below one block, 3 to 8 rows
#     computing their gradient without lane sums with SSE2 and AVX2 but
#     with them with AVX-512, kernels.c's DIRECT_MAX) under every variant this CPU
#     supports (BSWEEP_ISA), and under the automatic choice: epochs.csv and
#     summary.csv equal byte for byte apart from the measured columns;
#     run.json and --version name the variant;
#   - test_mlp (fused vs BLAS vs NumPy vs finite differences) under each
#     variant, when the build directory has it (beside $BSWEEP_COLUMNS);
#   - BSWEEP_ISA naming no variant, or one the CPU lacks (here, or under
#     valgrind, which hides AVX-512): exit 2 and a message.
# A variant the CPU lacks is reported as skipped.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"

# the variants, from the program: all of them (the message for an unknown
# one lists them) and those this CPU runs (--version)
BSWEEP_ISA=none "$BSWEEP" --version >/dev/null 2>"$T_TMP/err"
ALL=$(sed -n 's/^bsweep: BSWEEP_ISA=none: no such variant of the kernels (\(.*\))$/\1/p' "$T_TMP/err")
AVAIL=$(env -u BSWEEP_ISA "$BSWEEP" --version | sed -n 's/^isa_available: //p')
if [ -z "$ALL" ] || [ -z "$AVAIL" ]; then
	t_not_ok "the variants: all '$ALL', this CPU's '$AVAIL'" "$(cat "$T_TMP/err")"
	t_done; exit
fi
t_ok "variants: $ALL; this CPU: $AVAIL"
supported() { case " $AVAIL " in *" $1 "*) return 0 ;; esac; return 1; }

# name|overrides: each a sweep of 3 epochs at batch sizes below one 16-row
# block (4, 6, 8, 12: whole and partial groups of 4 lanes, the slices past
# the batch skipped), 24 (a pair with a partial second block) and 100
# (pairs, then a partial one), training and validation through the fused
# path
CASES='relu|
tanh|--set model.activation=tanh
sigmoid2|--set model.activation=sigmoid --set model.hidden=[20,30]
wide|--set data.n_features=7 --set model.hidden=[9] --set analysis.boundaries=false
adamw|--set train.optimizer=adamw
rmsprop|--set train.optimizer=rmsprop --set train.momentum=0.9
sgd|--set train.optimizer=sgd --set train.momentum=0.9 --set train.nesterov=true --set train.weight_decay=0.001'
COMMON='--set train.epochs=3 --set sweep.batch_sizes=[3,4,5,6,8,12,24,100] --set analysis.sharpness=false'

# (a loop reading a here-document runs in this shell: its counts stay)
while IFS='|' read -r name sets; do
	ref=''
	for v in auto $ALL; do
		if [ "$v" != auto ] && ! supported "$v"; then
			t_skip "$name: variant $v" "this CPU does not support it"
			continue
		fi
		d=$T_TMP/$name.$v
		# shellcheck disable=SC2086 # the overrides are words
		if [ "$v" = auto ]; then
			env -u BSWEEP_ISA "$BSWEEP" -q -o "$d" $COMMON $sets configs/blobs.json \
				>/dev/null 2>"$T_TMP/err"
		else
			BSWEEP_ISA=$v "$BSWEEP" -q -o "$d" $COMMON $sets configs/blobs.json \
				>/dev/null 2>"$T_TMP/err"
		fi
		rc=$?
		if [ $rc != 0 ]; then
			t_not_ok "$name: variant $v: exit $rc" "$(cat "$T_TMP/err")"
			continue
		fi
		if [ "$v" != auto ]; then
			t_expect_grep "$name: run.json names variant $v" "$d/run.json" "\"isa\":[[:space:]]*\"$v\""
		fi
		t_notime "$d/epochs.csv" >"$d/epochs.notime"
		t_notime "$d/summary.csv" >"$d/summary.notime"
		if [ -z "$ref" ]; then
			ref=$v
			continue
		fi
		for f in epochs summary; do
			if cmp -s "$T_TMP/$name.$ref/$f.notime" "$d/$f.notime"; then
				t_ok "$name: $f.csv of $v equals $ref's"
			else
				t_not_ok "$name: $f.csv of $v differs from $ref's" \
					"$(diff "$T_TMP/$name.$ref/$f.notime" "$d/$f.notime" | head -n 6)"
			fi
		done
	done
done <<EOF_CASES
$CASES
EOF_CASES

# --version names the variant chosen; an empty BSWEEP_ISA is no choice
for v in $ALL; do
	supported "$v" || continue
	t_run env BSWEEP_ISA="$v" "$BSWEEP" --version
	t_expect_grep "--version with BSWEEP_ISA=$v" "$T_OUT" "^isa: $v\$"
done
t_run env BSWEEP_ISA= "$BSWEEP" --version
t_expect_rc "empty BSWEEP_ISA" 0

# the unit test of the kernels under each variant
TEST_MLP=$(dirname "${BSWEEP_COLUMNS:-build/rel/columns}")/test_mlp
for v in $ALL; do
	supported "$v" || continue
	if [ ! -x "$TEST_MLP" ]; then
		t_skip "test_mlp under $v" "no $TEST_MLP (make check builds it)"
		continue
	fi
	if BSWEEP_ISA=$v "$TEST_MLP" >"$T_TMP/mlp" 2>&1; then
		t_ok "test_mlp under $v"
	else
		t_not_ok "test_mlp under $v" "$(grep -i 'fail\|error' "$T_TMP/mlp" | head -n 8)"
	fi
done

# refused values: exit 2, nothing run
t_run env BSWEEP_ISA=avx1024 "$BSWEEP" -q -o "$T_TMP/refused" configs/blobs.json
t_expect_rc "unknown BSWEEP_ISA" 2
t_expect_err "unknown BSWEEP_ISA" "bsweep: BSWEEP_ISA=avx1024: no such variant of the kernels ($ALL)
hint: the variants this CPU supports: $AVAIL"
t_check "unknown BSWEEP_ISA: no results directory" test ! -e "$T_TMP/refused"
# a variant the CPU lacks: here if there is one, else under valgrind if
# it hides one (AVX-512)
lacking='' runner=''
for v in $ALL; do supported "$v" || lacking=$v; done
if [ -z "$lacking" ] && command -v valgrind >/dev/null 2>&1; then
	# (empty when the program cannot run under valgrind: SANITIZE=1)
	vg_avail=$(valgrind -q "$BSWEEP" --version 2>/dev/null | sed -n 's/^isa_available: //p')
	[ -n "$vg_avail" ] && for v in $ALL; do
		case " $vg_avail " in *" $v "*) ;; *) lacking=$v runner='valgrind -q' ;; esac
	done
	AVAIL=$vg_avail
fi
if [ -n "$lacking" ]; then
	# shellcheck disable=SC2086 # the runner is words
	t_run env BSWEEP_ISA="$lacking" $runner "$BSWEEP" --version
	t_expect_rc "unsupported BSWEEP_ISA=$lacking${runner:+ under valgrind}" 2
	t_expect_err "unsupported BSWEEP_ISA=$lacking${runner:+ under valgrind}" \
		"bsweep: BSWEEP_ISA=$lacking: this CPU does not support it
hint: the variants this CPU supports: $AVAIL"
else
	t_skip "an unsupported BSWEEP_ISA" "this CPU runs every variant, and valgrind is missing or cannot run the program"
fi
t_done
