#!/bin/bash
# Submits a sweep (slurm/sweep.sbatch as a job array) and, after every task has succeeded, a small job that
# collects the metrics into runs/sweep-<array job id>/summary.tsv (slurm/collect.sh).
#
#   slurm/sweep.sh 1-10 GRAPH.h5 [vgae_dist train options...]          # seeds 1..10
#   VGAE_SWEEP_FLAG=--lr VGAE_SWEEP_VALUES="0.005 0.01 0.02" slurm/sweep.sh 0-2 GRAPH.h5
#
# VGAE_SBATCH_ARGS adds sbatch options for the array tasks (e.g. "--ntasks=2" for 2 ranks each; the graph
# then needs a partition for 2). Prints the array job id, then the collect job id.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: slurm/sweep.sh ARRAY_RANGE GRAPH.h5 [vgae_dist train options...]" >&2
  exit 2
fi
range=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2086  # VGAE_SBATCH_ARGS is a list of sbatch options
array_job=$(sbatch --parsable --array="$range" ${VGAE_SBATCH_ARGS:-} "$here/sweep.sbatch" "$@")
sweep_dir=${VGAE_RUN_DIR:-$PWD/runs}/sweep-$array_job
collect_job=$(sbatch --parsable --job-name=vgae-collect --ntasks=1 --output=%x-%j.out \
                     --dependency=afterok:"$array_job" --kill-on-invalid-dep=yes \
                     --wrap="bash '$here/collect.sh' '$sweep_dir'")
echo "$array_job"
echo "$collect_job"
