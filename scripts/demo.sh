#!/usr/bin/env bash
# Set-up, then the README's demo on the bundled Cora graph: prep → split → partition → 4-rank VGAE training →
# single-process GAE training. Outputs go to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/build/apps:$PATH"
# Open MPI refuses root without these; 4 ranks on a smaller machine need oversubscription.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
mkdir -p out && cd out
vgae_dist prep --edges ../data/cora/edges.txt --features ../data/cora/features.mtx --labels ../data/cora/labels.txt --out cora.h5
vgae_dist split cora.h5 --val 0.05 --test 0.10 --seed 1
vgae_dist partition cora.h5 --parts 4
mpirun -n 4 vgae_dist train cora.h5 --model vgae --epochs 200 --seed 1 --eval-every 20 --out cora-emb.h5 --metrics cora-metrics.json
vgae_dist train cora.h5 --model gae --quiet --out cora-gae.h5 --metrics m.json
/usr/bin/python3 -c 'import json; m = json.load(open("m.json")); print("GAE, one process: test_auc %.4f  test_ap %.4f" % (m["test_auc"], m["test_ap"]))'
