#!/usr/bin/python3
"""What closes the gap between the sampled loss and the paper: test AUC/AP (mean ± std over split seeds,
1 rank) of vgae_dist as the defaults are added one by one, from PyG's recon_loss with one negative and raw
features (what ../shared/bench/ref_vgae.py --loss neg does) to the defaults.

  bench/ablation.py [--seeds 5] [--out docs/ABLATION-table.md]
Shares prepared graphs and the run cache with bench/quality_table.py (same --work).
"""
import argparse, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from quality_table import ROOT, mean_sd, prepare, run  # noqa: E402

STEPS = [
    ("1 negative, means, raw features (PyG recon_loss)", "--neg-ratio 1 --recon-weighting means --feature-norm none"),
    ("+ tkipf A+I weighting", "--neg-ratio 1 --recon-weighting tkipf --feature-norm none"),
    ("+ 5 negatives per positive", "--neg-ratio 5 --recon-weighting tkipf --feature-norm none"),
    ("+ unit-L2 feature rows (= defaults)", ""),
    ("defaults with rows summing to 1", "--feature-norm row"),
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--datasets", default=os.path.join(ROOT, "..", "shared", "datasets"))
    p.add_argument("--binary", default=os.path.join(ROOT, "build", "apps", "vgae_dist"))
    p.add_argument("--work", default="/tmp/vgae_quality")
    p.add_argument("--out", default=os.path.join(ROOT, "docs", "ABLATION-table.md"))
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--only", default="cora,citeseer,amazon-photo")
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    lines = ["| dataset | sampled loss | GAE AUC % | GAE AP % | VGAE AUC % | VGAE AP % |", "|---|---|---|---|---|---|"]
    for name in a.only.split(","):
        src = os.path.join(a.datasets, name)
        for step, (label, flags) in enumerate(STEPS):
            cells = []
            for model in ["gae", "vgae"]:
                auc, ap = [], []
                for seed in range(1, a.seeds + 1):
                    cache = os.path.join(a.work, f"ablation_{name}_{step}_{model}_{seed}.json")
                    if not os.path.exists(cache):
                        h5 = prepare(a.binary, src, a.work, name, seed)
                        run([a.binary, "train", h5, "--model", model, "--seed", str(seed), "--quiet",
                             "--metrics", cache] + flags.split())
                    m = json.load(open(cache))
                    auc.append(100 * m["test_auc"])
                    ap.append(100 * m["test_ap"])
                cells += [mean_sd(auc), mean_sd(ap)]
            lines.append(f"| {name} | {label} | " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
