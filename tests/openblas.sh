#!/bin/sh
# tests/openblas.sh BSWEEP: OpenBLAS's kernels on a CPU it does not know.
# OpenBLAS gives a CPU model it does not know its fallback, Prescott's
# SSE3 kernels; bsweep then starts again with OPENBLAS_CORETYPE naming the
# core the CPU's features call for (SkylakeX with AVX-512, Haswell with
# AVX2), but only for commands that call BLAS (src/blas.c).  What
# OpenBLAS chose by itself is read from its own report (OPENBLAS_VERBOSE=2
# prints "Core: NAME" as it loads), the CPU's features from --version;
# the expected core follows from both, so the test holds on any machine
# (on one OpenBLAS knows, nothing is replaced, which is checked too).
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
CFG=tests/configs/alloc_tiny.json
BLAS_SET="model.hidden=[600]" # 2 -> 600 -> 3: the BLAS path (mlp.c)

# what OpenBLAS chose by itself: a dry run never starts again
own=$(OPENBLAS_VERBOSE=2 "$BSWEEP" --dry-run -q "$CFG" 2>&1 >/dev/null | sed -n 's/^Core: //p' | head -n 1)
avail=$("$BSWEEP" --version | sed -n 's/^isa_available: //p')
t_check "OpenBLAS reports its core as it loads (OPENBLAS_VERBOSE=2)" test -n "$own"
expect=$own replaced=""
if [ "$own" = Prescott ]; then
	case " $avail " in
	*" avx512 "*) expect=SkylakeX replaced=Prescott ;;
	*" avx2 "*) expect=Haswell replaced=Prescott ;;
	esac
fi
echo "# OpenBLAS chose $own; this CPU runs: $avail; a command calling BLAS should run $expect"

field() { # field RUN_JSON KEY: a string of run.json's machine
	sed -n "s/^[[:space:]]*\"$2\":[[:space:]]*\"\(.*\)\",\{0,1\}$/\1/p" "$1" | head -n 1
}

# a sweep on the BLAS path
t_run "$BSWEEP" -q -o "$T_TMP/blas" -s "$BLAS_SET" "$CFG"
t_expect_rc "BLAS path: the sweep runs" 0
t_check "BLAS path: run.json's openblas_core is $expect" test "$(field "$T_TMP/blas/run.json" openblas_core)" = "$expect"
t_check "BLAS path: openblas_core_replaced is '$replaced'" \
	test "$(field "$T_TMP/blas/run.json" openblas_core_replaced)" = "$replaced"
t_check "BLAS path: OPENBLAS_CORETYPE taken back out of the environment (openblas_coretype_env empty)" \
	test "$(field "$T_TMP/blas/run.json" openblas_coretype_env)" = ""

# the same config, the fused path: no BLAS call, so no second start
t_run "$BSWEEP" -q -o "$T_TMP/fused" "$CFG"
t_expect_rc "fused path: the sweep runs" 0
t_check "fused path: OpenBLAS's own core kept ($own)" test "$(field "$T_TMP/fused/run.json" openblas_core)" = "$own"
t_check "fused path: nothing replaced" test "$(field "$T_TMP/fused/run.json" openblas_core_replaced)" = ""

# a config read from a pipe cannot be read twice: no second start
cat "$CFG" | "$BSWEEP" -q -o "$T_TMP/pipe" -s "$BLAS_SET" /dev/stdin >"$T_OUT" 2>"$T_ERR"
T_RC=$?
t_expect_rc "BLAS path, config from a pipe: the sweep runs" 0
t_check "BLAS path, config from a pipe: OpenBLAS's own core kept ($own)" \
	test "$(field "$T_TMP/pipe/run.json" openblas_core)" = "$own"

# the user's OPENBLAS_CORETYPE always wins
OPENBLAS_CORETYPE=Haswell "$BSWEEP" -q -o "$T_TMP/user" -s "$BLAS_SET" "$CFG" >"$T_OUT" 2>"$T_ERR" </dev/null
T_RC=$?
t_expect_rc "OPENBLAS_CORETYPE set by the user: the sweep runs" 0
t_check "OPENBLAS_CORETYPE=Haswell set by the user: kept" test "$(field "$T_TMP/user/run.json" openblas_core)" = Haswell
t_check "OPENBLAS_CORETYPE=Haswell set by the user: recorded, nothing replaced" \
	sh -c "test '$(field "$T_TMP/user/run.json" openblas_coretype_env)' = Haswell && test '$(field "$T_TMP/user/run.json" openblas_core_replaced)' = ''"

# --shard auto says where its shard came from once, not again in the
# second start (the restart of a command must print nothing twice)
t_run env SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_COUNT=2 SLURM_ARRAY_TASK_MIN=0 \
	SLURM_ARRAY_TASK_MAX=1 SLURM_ARRAY_TASK_STEP=1 "$BSWEEP" -o "$T_TMP/auto" --shard auto -s "$BLAS_SET" "$CFG"
t_expect_rc "BLAS path, --shard auto: the shard runs" 0
t_check "BLAS path, --shard auto: its source said once" \
	test "$(grep -c -e '--shard auto: shard 0/2' "$T_ERR")" = 1

# --version shows what a command calling BLAS runs
"$BSWEEP" --version >"$T_OUT" 2>"$T_ERR"
t_expect_grep "--version: openblas_core $expect" "$T_OUT" "^openblas_core: $expect\$"
if [ -n "$replaced" ]; then
	t_expect_grep "--version: openblas_core_replaced $replaced" "$T_OUT" "^openblas_core_replaced: $replaced\$"
else
	t_skip "--version: openblas_core_replaced" "OpenBLAS knows this CPU ($own): nothing to replace here"
fi
# the restart's marker variable, set by someone else, is not believed
BSWEEP_OPENBLAS_RESTART=core:FAKE "$BSWEEP" --version >"$T_OUT" 2>"$T_ERR"
t_check "a stray marker (BSWEEP_OPENBLAS_RESTART=core:FAKE): no fake replaced core" \
	sh -c "! grep -q FAKE '$T_OUT' && grep -q '^openblas_core: $expect\$' '$T_OUT'"
t_done
