# shellcheck shell=bash
# Starts and stops a genuine single-node SLURM cluster (munged + slurmctld + slurmd) under one directory.
# Source it, then: slurm_cluster_start DIR  (exports SLURM_CONF, so sbatch/srun/scontrol talk to this cluster
# only) ... slurm_cluster_stop. Everything lives under DIR: munge key and socket, slurm.conf, state, spool,
# logs, pid files. Daemons run in the foreground as children of this shell and are stopped by their PIDs.
# Invariants: the cluster's files stay under DIR and no system daemon is touched; the ports are picked free at
# start, so two harnesses (or a site's own SLURM) can run side by side. Needs root (slurmd starts jobs as
# their user) and Debian's slurmctld slurmd slurm-client munge.

slurm_cluster_pids=()
slurm_cluster_dir=""

# Prints a TCP port nobody listens on (the kernel's pick for port 0; a race with another binder is unlikely).
slurm_free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to $2 seconds for command $1 (a string) to succeed.
slurm_wait_for() {
  local deadline=$((SECONDS + $2))
  until eval "$1" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

slurm_cluster_start() {
  local dir=$1
  slurm_cluster_dir=$dir
  mkdir -p "$dir"/{munge,state,spool,log,tmp}
  chmod 700 "$dir" "$dir/munge"

  mungekey --create --keyfile="$dir/munge/munge.key" >/dev/null
  /usr/sbin/munged --foreground --force --socket="$dir/munge/socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munge/munged.pid" --seed-file="$dir/munge/seed" --log-file="$dir/log/munged.log" 2>>"$dir/log/munged.stderr" &
  slurm_cluster_pids+=($!)
  slurm_wait_for "[ -S '$dir/munge/socket' ]" 10 || { echo "cluster: munged did not start" >&2; return 1; }

  # The node line is what slurmd sees on this machine (CPUs, sockets, memory), reachable on loopback.
  local node_line host
  node_line=$(slurmd -C | head -n 1)
  host=$(hostname -s)
  local ctld_port slurmd_port
  ctld_port=$(slurm_free_port)
  slurmd_port=$(slurm_free_port)
  while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(slurm_free_port); done
  cat >"$dir/slurm.conf" <<EOF
ClusterName=vgaetest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# A requeued job may start again only once its old credential has expired (cred_expire; SLURM holds it that
# long through its BeginTime). The default, 120 s, would make each requeue of the time-limit test wait two
# minutes; starting it earlier by hand risks slurmd refusing the launch as revoked (the job then FAILS).
AuthInfo=socket=$dir/munge/socket,cred_expire=20
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
# Names outside DIR derive from job ids: Open MPI's shared memory (/dev/shm/vader_segment.<host>.<job>...)
# and PMIx's scratch (spmix_appdir_<uid>_<job>.<step>, which outlives some steps). Two clusters on one
# machine (two test runs at once) must not share ids, so each starts at a random one; scratch stays in DIR.
FirstJobId=$((RANDOM * 1000 + 1000))
TmpFS=$dir/tmp
# No cgroups: processes are tracked by parent pid and tasks are not bound.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# Without accounting, finished jobs are read with scontrol: keep their records for an hour.
MinJobAge=3600
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# A job asking for more CPUs than exist is refused at submission instead of pending forever.
EnforcePartLimits=ALL
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$dir/slurm.conf
  slurmctld -D -i -f "$SLURM_CONF" 2>>"$dir/log/slurmctld.stderr" &
  slurm_cluster_pids+=($!)
  slurmd -D -f "$SLURM_CONF" 2>>"$dir/log/slurmd.stderr" &
  slurm_cluster_pids+=($!)
  if ! slurm_wait_for "sinfo -h -N -o %t | grep -qx idle" 30; then
    echo "cluster: node never became idle; logs follow" >&2
    tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2
    return 1
  fi
}

# Cancels what is left, then stops slurmd, slurmctld and munged by PID (reverse start order).
slurm_cluster_stop() {
  ((${#slurm_cluster_pids[@]})) || return 0
  scancel --full --quiet --user="$(id -un)" 2>/dev/null || true
  local i pid
  for ((i = ${#slurm_cluster_pids[@]} - 1; i >= 0; i--)); do
    pid=${slurm_cluster_pids[i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  slurm_cluster_pids=()
slurm_cluster_dir=""
}

# Blocks until job $1 has left the queue for good (or $2 seconds pass), then prints its JobState.
# Requeued jobs go back to PENDING, so only a terminal state ends the wait.
slurm_job_state() {
  scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2
}
slurm_wait_job() {
  local job=$1 deadline=$((SECONDS + $2)) state
  while :; do
    state=$(slurm_job_state "$job")
    case $state in
      COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE | PREEMPTED)
        echo "$state"; return 0 ;;
    esac
    ((SECONDS < deadline)) || { echo "${state:-UNKNOWN}(timed out)"; return 1; }
    sleep 1
  done
}
