#!/bin/bash
# End-to-end test of slurm/: starts a genuine single-node SLURM cluster (tests/slurm/cluster.sh), submits the
# scripts users would submit on Cora, and checks the jobs' final states and outputs:
#   limits    a job asking for more CPUs than exist is refused at submission (not left pending forever)
#   pipeline  prepare.sbatch then train.sbatch at 2 ranks (--dependency=afterok): COMPLETED, test AUC > 0.85
#   overcommit train.sbatch at 4 ranks on the 2-CPU node (--overcommit): COMPLETED, test AUC > 0.85
#   mpirun    train.sbatch with VGAE_LAUNCHER=mpirun (Open MPI inside the allocation): COMPLETED, AUC > 0.85
#   sweep     sweep.sbatch as a 3-task array over seeds + the collect job: one table with 3 rows
#   timelimit a job whose time limit hits mid-training checkpoints, requeues itself and finishes with the same
#             /embedding/mu bytes as an uninterrupted run of the same job
# States are read from the job records (MinJobAge keeps them), not from `sbatch --wait`'s exit status, which
# is 0 for a job cancelled while pending.
#
#   bash tests/slurm/slurm_test.sh build/apps/vgae_dist        (ctest runs it as slurm.cluster)
# Exit 77 (skipped) when not root or SLURM/munge are not installed (scripts/setup.sh installs them).
# VGAE_SLURM_KEEP=1 keeps the work directory (logs, job outputs, cluster logs) for inspection.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
binary=${1:?usage: slurm_test.sh VGAE_DIST_BINARY}
cora=$repo/data/cora

for tool in slurmctld slurmd sbatch scontrol munged mungekey mpirun /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed (scripts/setup.sh installs it)"; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "SKIP: slurmd must run as root to start jobs"; exit 77; }

# shellcheck source=cluster.sh
source "$here/cluster.sh"
work=$(mktemp -d /tmp/vgae-slurm.XXXXXX)
cleanup() {
  slurm_cluster_stop
  if [ -n "${VGAE_SLURM_KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The binary is copied: others may rebuild build/ while the jobs run.
mkdir -p "$work/bin" "$work/submit" "$work/runs"
cp "$binary" "$work/bin/vgae_dist"
export VGAE_DIST=$work/bin/vgae_dist VGAE_RUN_DIR=$work/runs
# Root may run Open MPI only with these; ranks waiting in MPI yield the CPU (4 ranks share 2 CPUs here).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_mpi_yield_when_idle=1
export OMPI_MCA_rmaps_base_oversubscribe=1
cd "$work/submit" || exit 1  # the submission directory: job logs land here

failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
show_log() { [ -f "$1" ] && { echo "---- $1"; tail -n 40 "$1"; echo "----"; }; }
# JSON value of metrics file $1 at key $2.
metric() { /usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
above() { /usr/bin/python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)' "$1" "$2"; }

# Waits for job $1 (named $2 in messages), expects COMPLETED; then checks the run's metrics when $3 names them.
expect_completed() {
  local job=$1 name=$2 metrics=${3:-} state
  [ -n "$job" ] || { fail "$name: no job was submitted"; return 1; }
  state=$(slurm_wait_job "$job" 600)
  if [ "$state" != COMPLETED ]; then
    fail "$name: job $job ended $state, expected COMPLETED"
    show_log "$(ls vgae*-"$job".out 2>/dev/null | head -n 1)"
    return 1
  fi
  [ -z "$metrics" ] && { pass "$name: job $job COMPLETED"; return 0; }
  if [ ! -f "$metrics" ]; then fail "$name: job $job COMPLETED but wrote no $metrics"; return 1; fi
  local auc ranks
  auc=$(metric "$metrics" test_auc) ranks=$(metric "$metrics" ranks)
  if above "$auc" 0.85; then
    pass "$name: job $job COMPLETED, $ranks ranks, test AUC $auc, $(metric "$metrics" train_seconds) s"
  else
    fail "$name: job $job test AUC $auc, expected > 0.85"
  fi
}

started=$SECONDS
slurm_cluster_start "$work/cluster" || { fail "cluster did not come up"; exit 1; }
pass "cluster up in $((SECONDS - started)) s: $(sinfo -h -N -o '%N %c CPUs %t')"

# limits: with EnforcePartLimits=ALL a request beyond the node is an error now, not a job pending forever.
if sbatch --parsable --ntasks=64 --wrap=true >/dev/null 2>"$work/refused.err"; then
  fail "limits: a 64-task job on a 2-CPU node was accepted"
else
  pass "limits: 64 tasks refused at submission ($(head -n 1 "$work/refused.err"))"
fi

graph=$work/runs/cora.h5
mapfile -t jobs < <(VGAE_PARTS="2 4" bash "$repo/slurm/pipeline.sh" "$cora/edges.txt" "$cora/features.mtx" \
                      "$graph" --epochs 200)
prep_job=${jobs[0]:-} train_job=${jobs[1]:-}
[ -n "$train_job" ] || { fail "pipeline: submission failed"; exit 1; }
after_prep=(--dependency=afterok:"$prep_job" --kill-on-invalid-dep=yes)
over_job=$(sbatch --parsable "${after_prep[@]}" --job-name=vgae-over --ntasks=4 --overcommit \
                  "$repo/slurm/train.sbatch" "$graph" --epochs 200)
mpirun_job=$(VGAE_LAUNCHER=mpirun sbatch --parsable "${after_prep[@]}" --job-name=vgae-mpirun \
                    "$repo/slurm/train.sbatch" "$graph" --epochs 200)
mapfile -t sweep_jobs < <(VGAE_SBATCH_ARGS="${after_prep[*]}" bash "$repo/slurm/sweep.sh" 1-3 "$graph" --epochs 200)
array_job=${sweep_jobs[0]:-} collect_job=${sweep_jobs[1]:-}

expect_completed "$prep_job" "pipeline prepare"
expect_completed "$train_job" "pipeline train" "$work/runs/vgae-$train_job/metrics.json"
expect_completed "$over_job" "overcommit" "$work/runs/vgae-over-$over_job/metrics.json"
expect_completed "$mpirun_job" "mpirun" "$work/runs/vgae-mpirun-$mpirun_job/metrics.json"

# sweep: every array task COMPLETED, and the collect job's table has one row per seed with a good AUC.
if expect_completed "$collect_job" "sweep collect"; then
  states=$(scontrol -o show job "$array_job" | grep -o 'JobState=[A-Z]*' | sort | uniq -c | xargs)
  table=$work/runs/sweep-$array_job/summary.tsv
  rows=$(awk -F'\t' '$1 ~ /^[0-9]+$/ && $6 > 0.85' "$table" | wc -l)
  if [ "$states" = "3 JobState=COMPLETED" ] && [ "$rows" -eq 3 ]; then
    pass "sweep: array $array_job tasks $states; table:"
    sed 's/^/    /' "$table"
  else
    fail "sweep: array $array_job tasks '$states', $rows of 3 rows with test AUC > 0.85 in $table"
    show_log "$table"
  fi
fi

# timelimit: two identical 2-rank jobs share the node (--overcommit: one CPU each); one has a 1-minute limit
# and is told 50 s before it (USR1), which SLURM delivers 10-40 s into each run (it checks limits every ~30 s).
# Training must outlast that, so the epochs are sized from the 4-rank job's epoch time for about a minute (two
# 2-rank jobs on 2 CPUs take about twice its epoch time); if the guess was short, once more with a measured size.
# A requeued job is held by SLURM until its old credential expires (cred_expire, 20 s in cluster.sh); the test
# waits for that rather than release it early, which once made slurmd refuse the launch (job FAILED, no output).
wait_requeued_job() {
  local job=$1 deadline=$((SECONDS + $2)) info state restarts
  while :; do
    info=$(scontrol -o show job "$job")
    state=$(grep -o 'JobState=[A-Z_]*' <<<"$info" | cut -d= -f2)
    restarts=$(grep -o 'Restarts=[0-9]*' <<<"$info" | cut -d= -f2)
    case $state in
      COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE | PREEMPTED)
        echo "$state $restarts"; return 0 ;;
    esac
    ((SECONDS < deadline)) || { echo "$state(timed out) $restarts"; return 1; }
    sleep 1
  done
}
# What the controller and the node daemon logged about job $1: why a launch failed, when it was requeued.
show_cluster_log() {
  local log
  for log in slurmctld slurmd; do
    echo "---- $log.log, job $1"
    grep -F "$1" "$slurm_cluster_dir/log/$log.log" | tail -n 30
  done
}
same_mu() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r")["/embedding/mu"][:] for p in sys.argv[1:3])
if a.shape != b.shape or a.tobytes() != b.tobytes():
    diff = np.abs(a - b).max() if a.shape == b.shape else "shapes differ"
    sys.exit(f"mu differs: {a.shape} vs {b.shape}, max |diff| {diff}")
PY
}
ms4=$(metric "$work/runs/vgae-over-$over_job/metrics.json" epoch_ms_median 2>/dev/null || echo 20)
epochs=$(/usr/bin/python3 -c 'import math, sys; print(max(800, math.ceil(60000 / 2 / float(sys.argv[1]))))' "$ms4")
for attempt in 1 2; do
  limit_started=$SECONDS
  shared=(--ntasks=2 --overcommit "$repo/slurm/train.sbatch" "$graph" --epochs "$epochs")
  limited=$(sbatch --parsable --job-name=vgae-limit --time=1 --signal=B:USR1@50 "${shared[@]}")
  reference=$(sbatch --parsable --job-name=vgae-ref "${shared[@]}")
  read -r state restarts < <(wait_requeued_job "$limited" 900)
  expect_completed "$reference" "timelimit reference ($epochs epochs)" \
    "$work/runs/vgae-ref-$reference/metrics.json" || break
  if [ "$state" != COMPLETED ]; then
    fail "timelimit: job $limited ended $state after $restarts requeues, expected COMPLETED"
    show_log "vgae-limit-$limited.out"
    show_cluster_log "$limited"
    break
  fi
  if [ "$restarts" -eq 0 ] && [ "$attempt" -eq 1 ]; then
    # Sized again from the reference's own time under the same load, for ~80 s.
    epochs=$(/usr/bin/python3 -c 'import math, sys; e, s = int(sys.argv[1]), float(sys.argv[2]);
print(max(2 * e, math.ceil(80 * e / s)))' "$epochs" "$(metric "$work/runs/vgae-ref-$reference/metrics.json" train_seconds)")
    echo "timelimit: training finished before the limit's signal; again with $epochs epochs"
    continue
  fi
  stops=$(grep -c 'checkpoint written; requeueing' "vgae-limit-$limited.out")
  if [ "$restarts" -lt 1 ] || [ "$stops" -lt 1 ]; then
    fail "timelimit: job $limited COMPLETED with $restarts requeues and $stops checkpoint stops, expected >= 1"
    show_log "vgae-limit-$limited.out"
  elif mismatch=$(same_mu "$work/runs/vgae-limit-$limited/embeddings.h5" \
                          "$work/runs/vgae-ref-$reference/embeddings.h5" 2>&1); then
    pass "timelimit: job $limited hit its limit, checkpointed and was requeued $restarts time(s), COMPLETED;" \
         "/embedding/mu identical to the uninterrupted job $reference ($epochs epochs, $((SECONDS - limit_started)) s)"
    grep -E 'SIGUSR1|requeueing|run [0-9]+ on' "vgae-limit-$limited.out" | sed 's/^/    /'
  else
    fail "timelimit: job $limited vs uninterrupted job $reference: $mismatch"
    show_log "vgae-limit-$limited.out"
  fi
  break
done

echo "SLURM test: $failures failure(s) in $((SECONDS - started)) s"
[ "$failures" -eq 0 ]
