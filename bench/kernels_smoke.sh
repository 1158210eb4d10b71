#!/bin/sh
# Smoke test of vgae_bench_kernels' graph measurements on a small generated graph with communities: the SpMM in
# every node order ("label" included), the plain gather and the random rows (each self-checked: a pass that did not
# do its work fails the run), and the count of Â's non-zeros joining two communities, which `gen --mixing 0.1`
# puts near 10 %. Usage: kernels_smoke.sh <build dir> <work dir>
set -eu
build=$1 work=$2
mkdir -p "$work"
rm -f "$work/g.h5"
"$build/apps/vgae_dist" gen --nodes 20000 --avg-degree 10 --communities 20 --mixing 0.1 --feature-dim 8 --seed 3 \
  --out "$work/g.h5" --quiet
"$build/apps/vgae_dist" split "$work/g.h5" --seed 1 --quiet
"$build/bench/vgae_bench_kernels" --graph "$work/g.h5" --orders natural,bfs,rcm,metis,label --dims 32 \
  --threads 1,2 --reps 2 --stream-mb 0 > "$work/kernels.json"
/usr/bin/python3 - "$work/kernels.json" <<'PY'
import json, sys
k = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
orders = sorted({(s["order"], s["threads"]) for s in k["spmm"]})
want = sorted((o, t) for o in ("natural", "bfs", "rcm", "metis", "label") for t in (1, 2))
assert orders == want, f"SpMM measured for {orders}, expected {want}"
assert len(k["plain_gather"]) == 10, k["plain_gather"]
assert [r["threads"] for r in k["random_rows"]] == [1, 2] and all(r["ns_per_row"] > 0 for r in k["random_rows"]), k["random_rows"]
share = k["graph"]["cross_label_nnz"] / k["graph"]["nnz"]
assert 0.06 < share < 0.14, f"non-zeros joining two communities: {share:.3f} of Â's, expected about 0.1 (gen --mixing 0.1)"
print(f"kernels smoke: 5 orders x 2 thread counts; {share:.3f} of the non-zeros join two communities")
PY
