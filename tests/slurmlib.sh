# tests/slurmlib.sh: a throwaway single-node Slurm cluster (sourced), for
# tests/cluster.sh.  Everything lives under one directory: the munge key,
# socket and log, slurm.conf, the controller's state, slurmd's spool, the
# daemons' logs.  Nothing in /etc, /run or /var is read or written, no
# systemd, no cgroups (proctrack/linuxproc, task/none), so it runs as root on
# a bare CI machine or in a container.  It does not configure accounting
# (sacct), MPI or more than one node.
#
#   slurm_start DIR   start munged, slurmctld and slurmd under DIR (created);
#                     exports SLURM_CONF; returns 0 once sinfo shows the node
#                     idle, non-zero with the daemons' logs on stderr if
#                     anything fails (whatever did start is stopped again)
#   slurm_stop        cancel the jobs, stop every daemon slurm_start started
#                     (by PID: munged, slurmctld, slurmd) and wait for them
#   slurm_pids        the PIDs slurm_start started, one a line
#
# The daemons run in the foreground (-F, -D) as children of this shell, so
# their PIDs are known without PID files and `wait` reaps them.  The caller
# should trap slurm_stop on EXIT (tests/cluster.sh does).  Needs munge
# (munged, mungekey) and slurm-wlm (slurmctld, slurmd, sinfo...), as
# scripts/deps.sh check installs them; the daemons want root.

SLURM_DIR=""
SLURM_MUNGED_PID=""
SLURM_CTLD_PID=""
SLURM_D_PID=""
SLURM_NODE=""

# a TCP port nobody listens on (from /proc/net/tcp*: no ss or netstat needed)
# out of 20000-59999, different from $1 (the one already taken)
slurm_free_port() {
	awk -v seed="$$$(date +%N 2>/dev/null)" -v other="${1:-0}" '
	FNR > 1 && $4 == "0A" { split($2, a, ":"); used[a[2]] = 1 }
	END {
		srand(seed % 2147483647)
		for (try = 0; try < 1000; try++) {
			p = 20000 + int(rand() * 40000)
			if (p != other && !(sprintf("%04X", p) in used)) { print p; exit 0 }
		}
		exit 1
	}' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

slurm_logs() { # the daemons' logs on stderr, for a failure
	for f in "$SLURM_DIR"/munged.log "$SLURM_DIR"/slurmctld.log "$SLURM_DIR"/slurmd.log \
		"$SLURM_DIR"/munged.out "$SLURM_DIR"/slurmctld.out "$SLURM_DIR"/slurmd.out; do
		[ -s "$f" ] || continue
		echo "--- $f (last 30 lines)" >&2
		tail -n 30 "$f" >&2
	done
}

slurm_pids() {
	for p in $SLURM_MUNGED_PID $SLURM_CTLD_PID $SLURM_D_PID; do echo "$p"; done
}

# slurm_alive PID: the process is still there (and not a zombie)
slurm_alive() {
	kill -0 "$1" 2>/dev/null || return 1
	! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# slurm_wait_for SECONDS COMMAND...: retries the command every 0.2 s
slurm_wait_for() {
	_n=$(($1 * 5)); shift
	while [ "$_n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
		_n=$((_n - 1))
	done
	return 1
}

slurm_fail() { # slurm_fail MESSAGE: say why, show the logs, stop what started
	echo "slurmlib: $1" >&2
	slurm_logs
	slurm_stop
	return 1
}

slurm_start() {
	SLURM_DIR=$1
	# inside a job of a real cluster (CI on Slurm) the caller's SLURM_*,
	# SBATCH_*, SQUEUE_*, SINFO_* and SCONTROL_* variables would steer the
	# commands (partition, job id, output format): none may reach this one
	for _v in $(env | sed -n 's/^\(\(SLURM\|SBATCH\|SQUEUE\|SINFO\|SCONTROL\|SRUN\|SALLOC\)_[A-Za-z0-9_]*\)=.*/\1/p'); do
		unset "$_v"
	done
	mkdir -p "$SLURM_DIR/state" "$SLURM_DIR/spool" || return 1
	# munged refuses a key or socket directory others may write to, and
	# wants the socket's directories searchable by all
	chmod 711 "$SLURM_DIR" || return 1
	SLURM_NODE=$(hostname -s 2>/dev/null || hostname)

	# munge: a fresh key, private to this cluster
	if command -v mungekey >/dev/null 2>&1; then
		mungekey --create --force --keyfile="$SLURM_DIR/munge.key" || return 1
	else
		dd if=/dev/urandom of="$SLURM_DIR/munge.key" bs=1024 count=1 2>/dev/null || return 1
	fi
	chmod 600 "$SLURM_DIR/munge.key"
	# --force: munged declines to run as root without it (and a key
	# directory under /tmp is only "sticky", which it also warns about)
	munged --foreground --force --socket="$SLURM_DIR/munge.socket" \
		--key-file="$SLURM_DIR/munge.key" --pid-file="$SLURM_DIR/munged.pid" \
		--log-file="$SLURM_DIR/munged.log" --seed-file="$SLURM_DIR/munged.seed" \
		>"$SLURM_DIR/munged.out" 2>&1 &
	SLURM_MUNGED_PID=$!
	slurm_wait_for 10 test -S "$SLURM_DIR/munge.socket" ||
		{ slurm_fail "munged did not create its socket"; return 1; }
	munge --socket="$SLURM_DIR/munge.socket" -n </dev/null |
		unmunge --socket="$SLURM_DIR/munge.socket" >/dev/null 2>&1 ||
		{ slurm_fail "munge/unmunge round trip failed"; return 1; }

	# 8 CPUs at least, whatever the machine has (SlurmdParameters=
	# config_overrides lets slurm.conf say more than slurmd finds): a
	# small CI machine then starts the tests' 4-task arrays at once, not
	# one task per core and scheduling cycle (a second each)
	cpus=$(nproc 2>/dev/null || echo 1)
	[ "$cpus" -ge 8 ] || cpus=8
	hw="CPUs=$cpus RealMemory=1000"
	ctld_port=$(slurm_free_port) || { slurm_fail "no free TCP port"; return 1; }
	d_port=$(slurm_free_port "$ctld_port") || { slurm_fail "no free TCP port"; return 1; }
	: >"$SLURM_DIR/plugstack.conf"
	cat >"$SLURM_DIR/slurm.conf" <<EOF
# written by tests/slurmlib.sh: a single-node cluster under $SLURM_DIR
ClusterName=bsweeptest
SlurmctldHost=$SLURM_NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SLURM_DIR/munge.socket
StateSaveLocation=$SLURM_DIR/state
SlurmdSpoolDir=$SLURM_DIR/spool
SlurmctldPidFile=$SLURM_DIR/slurmctld.pid
SlurmdPidFile=$SLURM_DIR/slurmd.pid
SlurmctldLogFile=$SLURM_DIR/slurmctld.log
SlurmdLogFile=$SLURM_DIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$SLURM_DIR/plugstack.conf
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1,bf_interval=1
SlurmdParameters=config_overrides
ReturnToService=2
SlurmctldTimeout=10
SlurmdTimeout=10
MessageTimeout=5
InactiveLimit=0
KillWait=2
MinJobAge=600
MaxArraySize=1001
NodeName=$SLURM_NODE NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
	SLURM_CONF=$SLURM_DIR/slurm.conf
	export SLURM_CONF

	# -i: ignore any state from an earlier cluster (there is none: a new DIR)
	slurmctld -D -i -f "$SLURM_CONF" >"$SLURM_DIR/slurmctld.out" 2>&1 &
	SLURM_CTLD_PID=$!
	slurm_wait_for 20 scontrol ping ||
		{ slurm_fail "slurmctld does not answer"; return 1; }
	slurmd -D -N "$SLURM_NODE" -f "$SLURM_CONF" >"$SLURM_DIR/slurmd.out" 2>&1 &
	SLURM_D_PID=$!
	slurm_wait_for 30 sh -c 'sinfo -h -n "$1" -o %t | grep -qx idle' sh "$SLURM_NODE" || {
		slurm_fail "node $SLURM_NODE not idle after 30 s: $(sinfo -h -o '%N %t %E' 2>&1)"
		return 1
	}
	return 0
}

slurm_stop() {
	[ -n "$SLURM_DIR" ] || return 0
	# the jobs first, so no slurmstepd outlives its slurmd
	if [ -n "$SLURM_CTLD_PID" ] && slurm_alive "$SLURM_CTLD_PID"; then
		scancel --full --quiet --user="$(id -un)" 2>/dev/null
		slurm_wait_for 10 sh -c '[ -z "$(squeue -h -t RUNNING,COMPLETING -o %i 2>/dev/null)" ]'
	fi
	for p in $SLURM_D_PID $SLURM_CTLD_PID $SLURM_MUNGED_PID; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $SLURM_D_PID $SLURM_CTLD_PID $SLURM_MUNGED_PID; do
		# a daemon that ignores TERM for 10 s is killed
		slurm_wait_for 10 sh -c '! kill -0 "$1" 2>/dev/null || grep -q "^State:[[:space:]]*Z" "/proc/$1/status"' sh "$p" ||
			kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	SLURM_D_PID="" SLURM_CTLD_PID="" SLURM_MUNGED_PID=""
	return 0
}
