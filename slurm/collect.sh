#!/bin/bash
# Collects a sweep's metrics (task-*.json in one directory) into one table: DIR/summary.tsv, one row per task
# plus mean and sample standard deviation rows, and prints it. Fails if the directory holds no metrics.
#
#   slurm/collect.sh runs/sweep-1234
set -euo pipefail
dir=${1:?usage: slurm/collect.sh SWEEP_DIR}
python3 - "$dir" <<'PY'
import json, pathlib, statistics, sys

directory = pathlib.Path(sys.argv[1])
files = sorted(directory.glob("task-*.json"), key=lambda p: int(p.stem.split("-")[1]))
if not files:
    sys.exit(f"collect.sh: no task-*.json in {directory}")
columns = ["test_auc", "test_ap", "val_auc", "val_ap", "train_seconds"]
rows = []
for path in files:
    metrics = json.loads(path.read_text())
    config = metrics.get("config", {})
    rows.append([path.stem.split("-")[1], str(metrics["seed"]), config.get("model", ""), f"{config['lr']:g}" if "lr" in config else "",
                 str(metrics["ranks"])] + [metrics[c] for c in columns])
lines = ["\t".join(["task", "seed", "model", "lr", "ranks"] + columns)]
lines += ["\t".join(r[:5] + [f"{v:.4f}" for v in r[5:]]) for r in rows]
values = list(zip(*(r[5:] for r in rows)))
lines.append("\t".join(["mean", "", "", "", ""] + [f"{statistics.mean(v):.4f}" for v in values]))
if len(rows) > 1:
    lines.append("\t".join(["std", "", "", "", ""] + [f"{statistics.stdev(v):.4f}" for v in values]))
(directory / "summary.tsv").write_text("\n".join(lines) + "\n")
print("\n".join(lines))
PY
