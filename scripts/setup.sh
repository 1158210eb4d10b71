#!/usr/bin/env bash
# Installs what is missing (Debian 12, as root or with sudo), then configures and builds vgae_dist in build/.
# A no-op for packages already present; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ make cmake pkg-config openmpi-bin libopenmpi-dev libeigen3-dev libmetis-dev libscotchparmetis-dev libhdf5-openmpi-dev
          zlib1g-dev libcli11-dev nlohmann-json3-dev libgtest-dev libgmock-dev python3-h5py
          python3-matplotlib python3-sklearn  # scripts/report.py
          slurmctld slurmd slurm-client munge)
source scripts/apt_install.sh
apt_install_missing setup "${packages[@]}"

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
