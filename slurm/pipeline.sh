#!/bin/bash
# Submits the whole pipeline as two jobs: prepare (prep -> split -> partition) and, once it has succeeded
# (--dependency=afterok), training. The graph is partitioned once; submit more train.sbatch jobs against it
# later without preparing again.
#
#   slurm/pipeline.sh EDGES.txt FEATURES.mtx|- GRAPH.h5 [vgae_dist train options...]
#   VGAE_NODES=2 VGAE_RANKS=16 slurm/pipeline.sh data/cora/edges.txt \
#       data/cora/features.mtx runs/cora.h5 --model vgae --epochs 200
#
# Environment: VGAE_RANKS (MPI ranks of the training job, default 2) and VGAE_NODES (default 1) shape the
# training job; the graph gets a partition for VGAE_RANKS parts, or for each of VGAE_PARTS (e.g. "2 4 8").
# VGAE_SBATCH_ARGS adds sbatch options for the training job (e.g. "--time=04:00:00" or "--overcommit").
# Everything train.sbatch and prepare.sbatch read applies too. Prints the two job ids, prepare's then
# training's, one per line.
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: slurm/pipeline.sh EDGES.txt FEATURES.mtx|- GRAPH.h5 [vgae_dist train options...]" >&2
  exit 2
fi
edges=$1 features=$2 graph=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
nodes=${VGAE_NODES:-1}
ranks=${VGAE_RANKS:-2}

# shellcheck disable=SC2086  # VGAE_PARTS is a list of numbers
prep_job=$(sbatch --parsable "$here/prepare.sbatch" "$edges" "$features" "$graph" ${VGAE_PARTS:-$ranks})
# --kill-on-invalid-dep: if preparing fails, the training job is cancelled instead of pending forever.
# shellcheck disable=SC2086  # VGAE_SBATCH_ARGS is a list of sbatch options
train_job=$(sbatch --parsable --dependency=afterok:"$prep_job" --kill-on-invalid-dep=yes \
                   --nodes="$nodes" --ntasks="$ranks" ${VGAE_SBATCH_ARGS:-} \
                   "$here/train.sbatch" "$graph" "$@")
echo "$prep_job"
echo "$train_job"
