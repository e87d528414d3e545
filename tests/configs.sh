#!/bin/sh
# tests/configs.sh BSWEEP: the config catalogue.
#   bad/*.json: exit 2, the exact message in bad/NAME.expected, nothing on
#               stdout, nothing written (not even the output directory);
#   configs/*.json and good/*.json: valid, and --print-config round-trips.
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
dir=tests/configs

for f in "$dir"/bad/*.json; do
	name=$(basename "$f" .json)
	t_run "$BSWEEP" -o "$T_TMP/never" "$f"
	t_expect_rc "bad config $name" 2
	t_expect_err "bad config $name" "$(cat "$dir/bad/$name.expected")"
	if [ -s "$T_OUT" ] || [ -e "$T_TMP/never" ]; then
		t_not_ok "bad config $name: wrote something"
	else
		t_ok "bad config $name: nothing written"
	fi
done

for f in configs/*.json "$dir"/good/*.json; do
	t_run "$BSWEEP" --dry-run "$f"
	t_expect_rc "good config $f" 0
	"$BSWEEP" --print-config "$f" >"$T_TMP/a.json"
	"$BSWEEP" --print-config "$T_TMP/a.json" >"$T_TMP/b.json"
	if [ -s "$T_TMP/a.json" ] && cmp -s "$T_TMP/a.json" "$T_TMP/b.json"; then
		t_ok "good config $f: resolved config round-trips"
	else
		t_not_ok "good config $f: resolved config does not round-trip"
	fi
done

# Integers are exact values, whatever their form: 1e3, 1000.0, -0, 0e999
# and 100000e-3 are integers (bad/int_* are the ones that are not).
"$BSWEEP" --print-config "$dir/good/integer_forms.json" >"$T_TMP/forms.json"
"$BSWEEP" --print-config "$dir/good/integer_plain.json" >"$T_TMP/plain.json"
t_check "integer forms (1e3, 1000.0, -0, ...) resolve to the plain integers" \
	cmp "$T_TMP/forms.json" "$T_TMP/plain.json"

# float32: at the config's bounds (centres +-1e38, cluster_std 1e37) every
# generated value fits float32 (bsweep data refuses data that do not, exit
# 2); checked again here from the float64 values it prints.
t_run "$BSWEEP" data "$dir/good/float32_edge.json"
t_expect_rc "data at the float32 bounds" 0
if awk -F, 'NR > 1 { for (i = 1; i < NF; i++) if ($i + 0 > 3.4028234663852886e38 || $i + 0 < -3.4028234663852886e38) bad = 1; n++ }
	END { exit bad || n != 300 }' "$T_OUT"; then
	t_ok "data at the float32 bounds: 300 rows, every value within float32's range"
else
	t_not_ok "data at the float32 bounds: a value beyond float32's range" "$(head -3 "$T_OUT")"
fi

# Defaults: an empty object is the seed experiment, named after the file.
# configs/blobs.json is that experiment plus a target (val_acc 0.80, so
# `make run` shows steps to target and the scaling fit) and the noise
# scale (noise.png): they add columns and files, they change no curve
# (tests/target.sh, tests/noise.sh), and they are not defaults, so a
# config without them has no analysis.
echo '{"analysis": {"target": {"metric": "val_acc", "value": 0.8}, "noise_scale": true, "eval_train": true, "sharpness": true, "weights": true, "boundaries": true}}' >"$T_TMP/defaults.json"
"$BSWEEP" --print-config "$T_TMP/defaults.json" | sed 's/"defaults"/"blobs"/' >"$T_TMP/d.json"
"$BSWEEP" --print-config configs/blobs.json >"$T_TMP/s.json"
t_check "{} with a val_acc 0.8 target and the noise scale resolves to configs/blobs.json (the seed experiment and its analysis)" cmp "$T_TMP/d.json" "$T_TMP/s.json"
echo '{}' >"$T_TMP/empty.json"
"$BSWEEP" --print-config "$T_TMP/empty.json" >"$T_TMP/e.json"
t_check "{} has no target (the default analysis measures nothing more)" sh -c \
	"! grep -q '\"target\"' '$T_TMP/e.json'"
t_done
