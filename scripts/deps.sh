#!/bin/sh
# scripts/deps.sh run|check|fuzz: make sure the packages bsweep needs are there.
#   run:   a C compiler, pkg-config, OpenBLAS, cJSON, libcsv (data files),
#          gnuplot (plots)
#   check: the same plus cmocka (the unit tests), locales (the sources
#          of the comma-decimal locales tests/locale.sh compiles), and the
#          engines tests/cluster.sh runs sharded sweeps on: GNU parallel,
#          munge and Slurm (slurm-wlm: slurmctld, slurmd and the commands),
#          and Open MPI's mpirun (tests/shard.sh's --shard auto)
#   fuzz:  pkg-config, cJSON, clang and its libFuzzer runtime (make fuzz only)
# On Debian/Ubuntu the missing ones are installed with apt-get (through
# sudo when not root), saying so first; elsewhere the script prints what
# to install and fails.  Installs nothing when everything is present.
set -u
mode=${1:-run}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
missing=""

need() { missing="$missing $1"; }
if [ "$mode" = fuzz ]; then
	command -v "$PKG_CONFIG" >/dev/null 2>&1 || need pkg-config
	command -v "$PKG_CONFIG" >/dev/null 2>&1 && "$PKG_CONFIG" --exists libcjson || need libcjson-dev
	# clang alone is not enough: libFuzzer is in the compiler-rt package
	probe=$(mktemp -d "${TMPDIR:-/tmp}/bsweep-deps.XXXXXX")
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' >"$probe/p.c"
	if ! command -v "${FUZZ_CC:-clang}" >/dev/null 2>&1; then
		need clang
		need libclang-rt-dev
	elif ! "${FUZZ_CC:-clang}" -fsanitize=fuzzer,address,undefined -o "$probe/p" "$probe/p.c" >/dev/null 2>&1; then
		need libclang-rt-dev
	fi
	rm -rf "$probe"
else
	command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || need gcc
	# src/dtoa.cc, on the C++ library double-conversion
	command -v "${CXX:-c++}" >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || need g++
	command -v make >/dev/null 2>&1 || need make
	if command -v "$PKG_CONFIG" >/dev/null 2>&1; then
		"$PKG_CONFIG" --exists openblas || need libopenblas-dev
		"$PKG_CONFIG" --exists libcjson || need libcjson-dev
		"$PKG_CONFIG" --exists double-conversion || need libdouble-conversion-dev
		[ "$mode" = check ] && { "$PKG_CONFIG" --exists cmocka || need libcmocka-dev; }
	else
		need pkg-config
		need libopenblas-dev
		need libcjson-dev
		need libdouble-conversion-dev
		[ "$mode" = check ] && need libcmocka-dev
	fi
	# libcsv-dev ships no .pc file: probe for its header with the compiler
	printf '#include <csv.h>\n' | "${CC:-cc}" ${CPPFLAGS:-} -E - >/dev/null 2>&1 || need libcsv-dev
	command -v gnuplot >/dev/null 2>&1 || need gnuplot-nox
	# tests/locale.sh compiles de_DE and fr_FR (comma decimals) with
	# localedef, from the sources in Debian's locales package
	if [ "$mode" = check ]; then
		[ -f /usr/share/i18n/locales/de_DE ] && [ -f /usr/share/i18n/locales/fr_FR ] &&
			[ -f /usr/share/i18n/charmaps/UTF-8.gz ] || need locales
		# tests/cluster.sh.  moreutils has a `parallel` of its own, with
		# other options: only GNU's will do.  The daemons are in /usr/sbin,
		# which is not on a plain user's PATH.
		parallel --version 2>/dev/null | grep -q '^GNU parallel' || need parallel
		{ command -v munged || [ -x /usr/sbin/munged ]; } >/dev/null 2>&1 || need munge
		for p in slurmctld slurmd; do
			{ command -v $p || [ -x /usr/sbin/$p ]; } >/dev/null 2>&1 || { need slurm-wlm; break; }
		done
		command -v sbatch >/dev/null 2>&1 || case $missing in *slurm-wlm*) ;; *) need slurm-wlm ;; esac
		# tests/shard.sh: mpirun -np 3 bsweep --shard auto (Open MPI's
		# launcher only; bsweep links no MPI)
		command -v mpirun >/dev/null 2>&1 || need openmpi-bin
	fi
fi

[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "bsweep needs these packages (Debian names):$missing" >&2
	echo "Install them with your system's package manager (OpenBLAS, cJSON, libcsv, double-conversion and a C++ compiler, cmocka, gnuplot, pkg-config; for make check also GNU parallel, munge, Slurm and Open MPI's mpirun; clang for make fuzz), then run make again." >&2
	exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "bsweep needs:$missing" >&2
	echo "Run as root: apt-get install$missing" >&2
	exit 1
fi
echo "bsweep: installing missing packages:$missing" >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2 || {
	echo "bsweep: apt-get failed; install by hand:$missing" >&2
	exit 1
}
