#!/usr/bin/python3
"""vgae_dist against the plain-PyTorch reference (../shared/bench/ref_vgae.py), side by side in one run.

For each dataset, model and split seed the two programs run back to back, one thread each, on the same graph
(each makes its own 85/5/10 split with the seed: same fractions, different draws). Reported: test AUC/AP of
  - the reference as the project's peer runs it (--loss neg: one negative per positive, PyG's recon_loss),
  - the reference at vgae_dist's loss settings (--neg-ratio 5 --tkipf-weighting; it has no feature scaling),
  - vgae_dist with its defaults,
and the median ms/epoch of the reference at equal settings and of vgae_dist, with their ratio per run.

  bench/compare_ref.py [--datasets cora,citeseer] [--seeds 5] [--out docs/REF-compare.md]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ENV = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")


def run(cmd):
    r = subprocess.run(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stdout}")
    return r.stdout


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    p.add_argument("--binary", default=os.path.join(ROOT, "build", "apps", "vgae_dist"))
    p.add_argument("--datasets", default="cora,citeseer")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--out", default=os.path.join(ROOT, "docs", "REF-compare.md"))
    a = p.parse_args()
    ref = os.path.join(a.shared, "bench", "ref_vgae.py")
    work = tempfile.mkdtemp(prefix="vgae_ref_")
    lines = ["| dataset | model | ref --loss neg AUC / AP % | ref neg-ratio 5 + tkipf AUC / AP % | vgae_dist AUC / AP % "
             "| ref ms/epoch | vgae_dist ms/epoch | speed-up (median of per-seed ratios) |",
             "|---|---|---|---|---|---|---|---|"]
    for name in a.datasets.split(","):
        data = os.path.join(a.shared, "datasets", name)
        for model in ["gae", "vgae"]:
            base, peer, ours, ratio, ref_ms, our_ms = [], [], [], [], [], []
            for seed in range(1, a.seeds + 1):
                base.append(json.loads(run(["/usr/bin/python3", ref, data, "--model", model, "--seed", str(seed),
                                            "--threads", "1"]).strip().splitlines()[-1]))
                peer.append(json.loads(run(["/usr/bin/python3", ref, data, "--model", model, "--seed", str(seed),
                                            "--threads", "1", "--neg-ratio", "5",
                                            "--tkipf-weighting"]).strip().splitlines()[-1]))
                h5 = os.path.join(work, f"{name}_{seed}.h5")
                if not os.path.exists(h5):
                    run([a.binary, "prep", "--edges", os.path.join(data, "edges.txt"), "--features",
                         os.path.join(data, "features.mtx"), "--out", h5])
                    run([a.binary, "split", h5, "--seed", str(seed)])
                m = os.path.join(work, f"{name}_{model}_{seed}.json")
                run([a.binary, "train", h5, "--model", model, "--seed", str(seed), "--quiet", "--metrics", m])
                ours.append(json.load(open(m)))
                ref_ms.append(peer[-1]["epoch_ms_median"])
                our_ms.append(ours[-1]["epoch_ms_median"])
                ratio.append(ref_ms[-1] / our_ms[-1])
            fmt = (lambda rs: f"{100 * statistics.mean(r['test_auc'] for r in rs):.1f} / "
                              f"{100 * statistics.mean(r['test_ap'] for r in rs):.1f}")
            lines.append(f"| {name} | {model.upper()} | {fmt(base)} | {fmt(peer)} | {fmt(ours)} | "
                         f"{statistics.median(ref_ms):.2f} | {statistics.median(our_ms):.2f} | "
                         f"{statistics.median(ratio):.1f}x |")
            print(lines[-1], flush=True)
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
