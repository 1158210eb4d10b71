#!/usr/bin/env bash
# Set-up, then the whole test suite: ctest (unit, finite-difference, distributed at 1-4 ranks, end-to-end,
# quality, a real SLURM cluster), then the signal and rank-kill tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
cd build
ctest --output-on-failure -j2 "$@"
cd ..
bash scripts/fault_tests.sh build  # signals and SIGKILL need process control: outside ctest
