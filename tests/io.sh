#!/bin/sh
# tests/io.sh BSWEEP: I/O faults.  Every failure must exit 1 with a message
# naming the path (or "standard output") and the system's reason, and
# must leave no temporary (".NAME.tmp-XXXXXX") or partial file: results
# are written to a temporary file and renamed (csv.h).
#   - a full device: `data -o /dev/full` (written in place, the device
#     node left alone), and stdout on /dev/full for every command that
#     prints there (data, --print-config, --dry-run, the sweep's table,
#     --help, --version);
#   - permissions, as a user that is not root (as root: setpriv or
#     runuser to nobody, on a copy of the binary and config in a
#     world-readable directory): a read-only directory for `data -o`, for
#     a new sweep, and over an earlier complete sweep, which must stay
#     exactly as it was;
#   - a full file system, on a small tmpfs mounted in a private mount
#     namespace (unshare -m; as a user: unshare -rm; else a plain mount):
#     a sweep that runs out of space in the middle keeps its finished
#     runs' files complete; a sweep redone over complete results on an
#     almost full tmpfs keeps the previous version of the file whose
#     replacement failed (atomic replace).
# A part that cannot run here (no way to drop root, mounting not
# permitted) prints "ok - ... # SKIP reason".
set -u
BSWEEP=$1
. "$(dirname "$0")/lib.sh"
CFG=tests/configs/alloc_tiny.json
ENOSPC="No space left on device"

# no_temps DIR: passes when DIR holds no temporary file
no_temps() { ! find "$1" -name '.*.tmp-*' | grep -q .; }
# complete_csvs DIR: every CSV under DIR has a header and ends in a newline
complete_csvs() {
	find "$1" -name '*.csv' -type f | while read -r f; do
		head -n 1 "$f" | grep -Eq '^(sweep,(run,)?)?batch_size,' &&
			[ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" = '\n' ] || echo "$f"
	done | { ! grep .; }
}

# ---- a full device -------------------------------------------------------
if [ -c /dev/full ] && [ -w /dev/full ]; then
	t_run "$BSWEEP" data -o /dev/full "$CFG"
	t_expect_rc "data -o /dev/full" 1
	t_expect_err "data -o /dev/full" "bsweep: /dev/full: cannot write: $ENOSPC"
	t_check "data -o /dev/full: /dev/full is still the device" test -c /dev/full
	t_check "data -o /dev/full: no temporary file in /dev" no_temps /dev

	full_stdout() { # full_stdout what args...: stdout on /dev/full
		what=$1; shift
		t_run sh -c '"$@" >/dev/full' sh "$BSWEEP" "$@"
		t_expect_rc "$what, stdout on /dev/full" 1
		t_expect_grep "$what, stdout on /dev/full: the error is reported" "$T_ERR" \
			"standard output.*$ENOSPC\|$ENOSPC.*standard output"
	}
	full_stdout "data" data "$CFG"
	full_stdout "--print-config" --print-config "$CFG"
	full_stdout "--dry-run" --dry-run -o "$T_TMP/never" "$CFG"
	full_stdout "the sweep's table" -o "$T_TMP/table" "$CFG"
	full_stdout "--help" --help
	full_stdout "--version" --version
else
	t_skip "/dev/full" "no writable /dev/full here"
fi

# ---- permissions, as a user that is not root -----------------------------
# T_TMP (mode 700) opened to others for the copy of the binary and config
chmod 755 "$T_TMP"
PUB=$T_TMP/pub
mkdir -p "$PUB/ro" "$PUB/w"
cp "$BSWEEP" "$PUB/bsweep"
cp "$CFG" "$PUB/cfg.json"
chmod 755 "$PUB" "$PUB/bsweep"
chmod 644 "$PUB/cfg.json"
chmod 555 "$PUB/ro"
AS_USER=""
if [ "$(id -u)" != 0 ]; then
	AS_USER=" " # already not root
elif id nobody >/dev/null 2>&1; then
	ng=$(id -g nobody)
	chmod 777 "$PUB/w"
	if command -v setpriv >/dev/null 2>&1 &&
	   setpriv --reuid=nobody --regid="$ng" --clear-groups true 2>/dev/null; then
		AS_USER="setpriv --reuid=nobody --regid=$ng --clear-groups"
	elif command -v runuser >/dev/null 2>&1 && runuser -u nobody -- true 2>/dev/null; then
		AS_USER="runuser -u nobody --"
	fi
fi
if [ -z "$AS_USER" ]; then
	t_skip "read-only output directory" "running as root, and neither setpriv nor runuser can switch to nobody"
else
	# shellcheck disable=SC2086 # AS_USER is a command prefix
	as_user() { t_run $AS_USER "$@"; }
	as_user "$PUB/bsweep" data -o "$PUB/ro/d.csv" "$PUB/cfg.json"
	t_expect_rc "data -o into a read-only directory" 1
	t_expect_err "data -o into a read-only directory" \
		"bsweep: $PUB/ro/d.csv: cannot create a temporary file: Permission denied"
	as_user "$PUB/bsweep" -q -o "$PUB/ro/new" "$PUB/cfg.json"
	t_expect_rc "a sweep into a read-only directory" 1
	t_expect_grep "a sweep into a read-only directory: message names the path" "$T_ERR" \
		"^bsweep: $PUB/ro/new.*Permission denied"
	t_check "read-only directory: nothing written" test -z "$(ls -A "$PUB/ro")"

	as_user "$PUB/bsweep" -q -o "$PUB/w/res" "$PUB/cfg.json"
	t_expect_rc "a sweep as a user who is not root" 0
	cp -R "$PUB/w/res" "$T_TMP/saved"
	chmod -R a-w "$PUB/w/res"
	as_user "$PUB/bsweep" -q -o "$PUB/w/res" "$PUB/cfg.json"
	t_expect_rc "the same sweep over its results made read-only" 1
	t_expect_grep "over read-only results: message names the path" "$T_ERR" \
		"^bsweep: $PUB/w/res/.*Permission denied"
	t_check "over read-only results: the earlier results are untouched" \
		diff -r "$T_TMP/saved" "$PUB/w/res"
	t_check "over read-only results: no temporary file" no_temps "$PUB/w/res"
	chmod -R u+w "$PUB/w/res"
fi

# ---- a full file system: a small tmpfs -----------------------------------
# in_tmpfs KIB SCRIPT ARGS...: run SCRIPT (sh) with a fresh tmpfs of KIB
# KiB mounted on $MNT ($1 in the script); exit 99 when it cannot mount.
MNT=$T_TMP/mnt
mkdir -p "$MNT"
mount_how=""
if command -v unshare >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then u="unshare -m"; else u="unshare -rm"; fi
	$u sh -c 'mount -t tmpfs -o size=16k tmpfs "$1"' sh "$MNT" 2>/dev/null && mount_how=$u
fi
if [ -z "$mount_how" ] && [ "$(id -u)" = 0 ] &&
   mount -t tmpfs -o size=16k tmpfs "$MNT" 2>/dev/null && umount "$MNT"; then
	mount_how=plain
fi
in_tmpfs() {
	kib=$1; shift
	body='mount -t tmpfs -o size='$kib'k,mode=0755 tmpfs "$1" || exit 99
m=$1; shift
sh "$@"; rc=$?
[ "$0" = plain ] && umount "$m"
exit $rc'
	if [ "$mount_how" = plain ]; then
		sh -c "$body" plain "$MNT" "$@"
	else
		$mount_how sh -c "$body" ns "$MNT" "$@"
	fi
}

if [ -z "$mount_how" ]; then
	t_skip "full file system" "cannot mount a tmpfs here (not root, no user namespaces)"
else
	# The config: 6 runs of 40 epochs, ~6 KiB of epochs per run,
	# 124 KiB in all; 48 KiB run out during the fourth or fifth run.
	cat >"$T_TMP/fill.json" <<'JSON'
{"name": "fill", "data": {"n_samples": 60, "n_train": 40}, "model": {"hidden": [4]},
 "train": {"epochs": 40}, "sweep": {"batch_sizes": [4, 8, 16, 32, 40, 64]}}
JSON
	R=$T_TMP/full
	mkdir -p "$R"
	cat >"$T_TMP/middle.sh" <<'SH'
"$1" -q -o "$2/out" "$3" >"$4/stdout" 2>"$4/stderr"
echo $? >"$4/rc"
cp -R "$2/out" "$4/snap"
SH
	in_tmpfs 48 "$T_TMP/middle.sh" "$BSWEEP" "$MNT" "$T_TMP/fill.json" "$R"
	if [ "$?" = 99 ]; then
		t_skip "full file system" "mounting a tmpfs failed"
	else
		T_RC=$(cat "$R/rc") T_ERR=$R/stderr
		t_expect_rc "a sweep that fills the file system" 1
		t_expect_grep "full file system: message names the path and the reason" "$T_ERR" \
			"^bsweep: $MNT/out/[^ ]*: cannot write: $ENOSPC"
		t_check "full file system: no temporary file left" no_temps "$R/snap"
		t_check "full file system: every CSV left is complete" complete_csvs "$R/snap"
		n=$(find "$R/snap" -name '*.epochs.csv' | wc -l)
		if [ "$n" -ge 1 ] && [ "$n" -lt 6 ]; then
			t_ok "full file system: the runs finished before it filled are kept ($n of 6)"
		else
			t_not_ok "full file system: $n of 6 runs' files kept, expected some but not all" \
				"$(ls -R "$R/snap")"
		fi
		bad=""
		for f in "$R"/snap/runs/*.epochs.csv; do
			[ -f "$f" ] && [ "$(wc -l <"$f")" -ne 41 ] && bad="$bad $f"
		done
		t_check "full file system: each kept run's epochs file has all 40 epochs" test -z "$bad"
	fi

	# Atomic replace: complete results, then the same sweep again with
	# 16 KiB free, enough for a run's files but not for epochs.csv (36 KiB).
	R=$T_TMP/replace
	mkdir -p "$R"
	cat >"$T_TMP/replace.sh" <<'SH'
"$1" -q -o "$2/out" "$3" >/dev/null 2>"$4/stderr0" || { echo first >"$4/rc"; exit 0; }
cp -R "$2/out" "$4/before"
avail=$(df -k "$2" | awk 'NR == 2 { print $4 }')
dd if=/dev/zero of="$2/filler" bs=1024 count=$((avail - 16)) 2>/dev/null
"$1" -q -o "$2/out" "$3" >"$4/stdout" 2>"$4/stderr"
echo $? >"$4/rc"
cp -R "$2/out" "$4/after"
SH
	in_tmpfs 256 "$T_TMP/replace.sh" "$BSWEEP" "$MNT" "$T_TMP/fill.json" "$R"
	if [ "$(cat "$R/rc" 2>/dev/null)" = first ]; then
		t_not_ok "atomic replace: the first sweep failed on a 256 KiB tmpfs" "$(cat "$R/stderr0")"
	else
		T_RC=$(cat "$R/rc") T_ERR=$R/stderr
		t_expect_rc "a sweep redone on an almost full file system" 1
		t_expect_grep "atomic replace: message names the path and the reason" "$T_ERR" \
			"^bsweep: $MNT/out/[^ ]*: cannot write: $ENOSPC"
		failed=$(sed -n "s|^bsweep: $MNT/out/\(.*\): cannot write: .*|\1|p" "$T_ERR" | head -n 1)
		if [ -n "$failed" ] && [ -f "$R/before/$failed" ] && cmp -s "$R/before/$failed" "$R/after/$failed"; then
			t_ok "atomic replace: $failed keeps its previous version"
		else
			t_not_ok "atomic replace: the file whose write failed ('$failed') is not its previous version"
		fi
		t_check "atomic replace: no temporary file left" no_temps "$R/after"
		t_check "atomic replace: every CSV is complete (old or new)" complete_csvs "$R/after"
	fi
fi
t_done
