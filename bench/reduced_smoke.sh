#!/bin/sh
# Smoke test of the suite's reduced path, the one the 10^8-edge graph takes on a 24 GiB machine
# (run_benchmarks.py REDUCED), here on the 10^6-edge generated graph: only the 2-rank configurations, trained
# at h = 16, d = 8 and 1 negative per positive, no PyTorch reference, the SpMM in two node orders. Fails when a
# run of the suite fails (--strict), when train did not get the reduced widths, when a configuration outside
# the reduced suite ran, or when the document lacks the graph's rows or the paragraph that explains them.
# Usage: reduced_smoke.sh <source dir> <build dir> <work dir>
set -eu
src=$1 build=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
/usr/bin/python3 "$src/bench/run_benchmarks.py" --quick --strict --only "" --generated 1e6 --reduced 1e6 \
  --gen-epochs 1e6:2 --build "$build" --work "$work" --out "$work/BENCHMARKS.md"
/usr/bin/python3 - "$work" <<'PY'
import glob, json, os, sys
work = sys.argv[1]
runs = sorted(os.path.basename(p) for p in glob.glob(os.path.join(work, "m_gen1e6.h5_*.json")))
assert runs == ["m_gen1e6.h5_2_1_0.json", "m_gen1e6.h5_2_1_1.json"], f"train runs made: {runs}"
for r in runs:
    c = json.load(open(os.path.join(work, r)))["config"]
    got = {k: c[k] for k in ("ranks", "hidden", "latent", "neg_ratio")}
    assert got == {"ranks": 2, "hidden": 16, "latent": 8, "neg_ratio": 1}, f"{r}: {got}"
res = json.load(open(os.path.join(work, "results.json")))
(g,) = res["graphs"]
assert sorted(g["runs"]) == ["2r x 1t", "2r x 1t, no overlap"], sorted(g["runs"])
assert not g["ref"], "the reduced suite ran the reference"
orders = sorted({s["order"] for s in g["spmm"]})
assert orders == ["label", "natural"], orders
doc = open(os.path.join(work, "BENCHMARKS.md")).read()
name = "generated 10^6 edges (h = 16, d = 8, 1 negative per positive)"
for row in (f"| {name} | 2r x 1t |", f"| {name} | 2r x 1t, no overlap |"):
    assert row in doc, f"no row starting {row!r}"
assert f"| {name} | 1r x" not in doc and "runs a reduced suite" in doc
print("reduced suite: OK")
PY
