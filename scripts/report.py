#!/usr/bin/env python3
"""HTML report of one vgae_dist training run, with PNG figures.

    python3 scripts/report.py --metrics m.json --embeddings emb.h5 --graph g.h5 --out report/

Reads the metrics JSON (train --metrics), the embeddings file (train --out) and the graph file the run was
trained on, and writes report/index.html with:
  curves.png     training loss and KL per epoch; validation AUC/AP at evaluated epochs (train --eval-every N)
  roc_pr.png     test ROC and precision-recall curves: /split/test_pos vs /split/test_neg scored by mu_u . mu_v
  pca.png        2-D PCA of mu, coloured by /nodes/label (prep --labels) or by degree when there are no labels
  tsne.png       the same with t-SNE (only for N <= --tsne-max, default 20000: t-SNE is O(N log N) and slow)
  degree.png     degree distribution of the full graph (/graph), log-log
  partition.png  for runs on K > 1 ranks: owned nodes and halo nodes per rank, from /partition/k{K}/part and
                 the training graph (/split/train_graph) as train uses them
Debian packages: python3-numpy python3-h5py python3-matplotlib python3-sklearn (scripts/setup.sh installs them).
"""
import argparse
import html
import json
import os
import sys

import h5py
import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn import metrics as skm  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.manifold import TSNE  # noqa: E402


def save(fig, out_dir, name):
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, name), dpi=110)
    plt.close(fig)
    return name


def curves(history, out_dir):
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.8))
    ep = [h["epoch"] for h in history]
    a.plot(ep, [h["loss"] for h in history], label="loss (recon + KL)")
    a.plot(ep, [h["kl"] for h in history], label="KL")
    a.set_xlabel("epoch")
    a.set_title("Training loss")
    a.legend()
    ev = [h for h in history if "val_auc" in h]
    if ev:
        b.plot([h["epoch"] for h in ev], [h["val_auc"] for h in ev], "o-", label="val AUC")
        b.plot([h["epoch"] for h in ev], [h["val_ap"] for h in ev], "s-", label="val AP")
        b.legend()
    else:
        b.text(0.5, 0.5, "no validation during training\n(train with --eval-every N)", ha="center", va="center")
    b.set_xlabel("epoch")
    b.set_title("Validation AUC / AP")
    return save(fig, out_dir, "curves.png")


def test_scores(graph, mu):
    pos, neg = graph["/split/test_pos"][:], graph["/split/test_neg"][:]
    score = lambda p: np.einsum("ij,ij->i", mu[p[:, 0]], mu[p[:, 1]])  # logits; sigmoid is monotone
    s = np.concatenate([score(pos), score(neg)])
    y = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])
    return y, s


def roc_pr(y, s, out_dir):
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4.2))
    fpr, tpr, _ = skm.roc_curve(y, s)
    a.plot(fpr, tpr, label="AUC %.4f" % skm.roc_auc_score(y, s))
    a.plot([0, 1], [0, 1], "k--", lw=0.8, label="chance")
    a.set_xlabel("false positive rate")
    a.set_ylabel("true positive rate")
    a.set_title("Test ROC")
    a.legend(loc="lower right")
    prec, rec, _ = skm.precision_recall_curve(y, s)
    b.plot(rec, prec, label="AP %.4f" % skm.average_precision_score(y, s))
    b.axhline(y.mean(), color="k", ls="--", lw=0.8, label="chance")
    b.set_xlabel("recall")
    b.set_ylabel("precision")
    b.set_title("Test precision-recall")
    b.legend(loc="lower left")
    return save(fig, out_dir, "roc_pr.png")


def projection(xy, colour, colour_name, title, out_dir, name):
    fig, ax = plt.subplots(figsize=(6.4, 5.6))
    if colour_name == "label":
        known = colour >= 0
        if (~known).any():
            ax.scatter(xy[~known, 0], xy[~known, 1], s=3, c="lightgrey", label="unknown")
        classes = np.unique(colour[known])
        cmap = plt.get_cmap("tab10" if len(classes) <= 10 else "tab20")
        for i, c in enumerate(classes):
            m = colour == c
            ax.scatter(xy[m, 0], xy[m, 1], s=3, color=cmap(i % cmap.N), label="class %d" % c)
        ax.legend(markerscale=4, fontsize=7, loc="best")
    else:
        sc = ax.scatter(xy[:, 0], xy[:, 1], s=3, c=np.log1p(colour), cmap="viridis")
        fig.colorbar(sc, ax=ax, label="log(1 + degree)")
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    return save(fig, out_dir, name)


def degree_plot(deg, out_dir):
    fig, ax = plt.subplots(figsize=(6, 4))
    values, counts = np.unique(deg, return_counts=True)
    nz = values > 0
    ax.loglog(values[nz], counts[nz], "o", ms=3)
    ax.set_xlabel("degree")
    ax.set_ylabel("number of nodes")
    ax.set_title("Degree distribution (%d nodes, mean degree %.2f, %d isolated)" % (len(deg), deg.mean(), (deg == 0).sum()))
    return save(fig, out_dir, "degree.png")


def partition_stats(graph, k):
    """Owned nodes and halo nodes (distinct non-owned neighbours in the training graph) of each rank."""
    part = graph["/partition/k%d/part" % k][:].astype(np.int64)
    indptr = graph["/split/train_graph/indptr"][:]
    indices = graph["/split/train_graph/indices"][:]
    n = len(part)
    rows = np.repeat(np.arange(n), np.diff(indptr))
    src, dst = part[rows], indices
    cross = part[dst] != src
    keys = np.unique(src[cross] * n + dst[cross])
    halo = np.bincount(keys // n, minlength=k)
    owned = np.bincount(part, minlength=k)
    return owned, halo


def partition_plot(owned, halo, out_dir):
    k = len(owned)
    fig, ax = plt.subplots(figsize=(max(5, 0.6 * k + 3), 4))
    x = np.arange(k)
    ax.bar(x - 0.2, owned, 0.4, label="owned nodes")
    ax.bar(x + 0.2, halo, 0.4, label="halo nodes (received per exchange)")
    ax.set_xticks(x)
    ax.set_xlabel("rank")
    ax.set_title("Partition: %d ranks" % k)
    ax.set_ylim(top=1.3 * max(owned.max(), halo.max(), 1))  # room for the legend above the bars
    ax.legend(loc="upper center", ncol=2, fontsize=8)
    return save(fig, out_dir, "partition.png")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--metrics", required=True, help="metrics JSON of the run (train --metrics)")
    ap.add_argument("--embeddings", required=True, help="embeddings file (train --out)")
    ap.add_argument("--graph", required=True, help="graph file the run was trained on")
    ap.add_argument("--out", required=True, help="directory to write index.html and the PNGs into")
    ap.add_argument("--tsne-max", type=int, default=20000, help="largest N for the t-SNE plot (default 20000)")
    ap.add_argument("--seed", type=int, default=0, help="seed of t-SNE (default 0)")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)

    with open(a.metrics) as f:
        m = json.load(f)
    emb = h5py.File(a.embeddings, "r")
    graph = h5py.File(a.graph, "r")
    mu = emb["/embedding/mu"][:]
    if not np.array_equal(emb["/nodes/original_id"][:], graph["/nodes/original_id"][:]):
        sys.exit("report: %s was not trained on %s (their /nodes/original_id differ)" % (a.embeddings, a.graph))
    deg = np.diff(graph["/graph/indptr"][:])
    labels = graph["/nodes/label"][:] if "/nodes/label" in graph else None

    figures = []  # (title, file, caption)
    figures.append(("Training curves", curves(m.get("history", []), a.out),
                    "Loss and KL per epoch; validation AUC/AP at the epochs evaluated with --eval-every."))
    y, s = test_scores(graph, mu)
    figures.append(("Test ROC and precision-recall", roc_pr(y, s, a.out),
                    "%d test edges vs %d test non-edges, scored by mu_u . mu_v: sklearn AUC %.4f, AP %.4f." %
                    (y.sum(), len(y) - y.sum(), skm.roc_auc_score(y, s), skm.average_precision_score(y, s))))
    colour, cname = (labels, "label") if labels is not None else (deg, "degree")
    what = "coloured by label (/nodes/label)" if labels is not None else "coloured by degree (no /nodes/label)"
    xy = PCA(n_components=2, random_state=a.seed).fit_transform(mu)
    figures.append(("PCA of the embeddings", projection(xy, colour, cname, "PCA of mu, " + what, a.out, "pca.png"),
                    "The first two principal components of mu (%d x %d), %s." % (mu.shape + (what,))))
    if len(mu) <= a.tsne_max:
        xy = TSNE(n_components=2, init="pca", learning_rate="auto", random_state=a.seed).fit_transform(mu)
        figures.append(("t-SNE of the embeddings", projection(xy, colour, cname, "t-SNE of mu, " + what, a.out, "tsne.png"),
                        "t-SNE (seed %d) of mu." % a.seed))
    figures.append(("Degree distribution", degree_plot(deg, a.out), "Degrees in the full graph (/graph)."))
    ranks = int(m.get("ranks", 1))
    part_key = "/partition/k%d/part" % ranks
    if ranks > 1 and part_key in graph:
        owned, halo = partition_stats(graph, ranks)
        figures.append(("Partition", partition_plot(owned, halo, a.out),
                        "Owned and halo nodes per rank: owned %s, halo %s." % (owned.tolist(), halo.tolist())))

    keys = ["test_auc", "test_ap", "hits@20", "hits@50", "hits@100", "mrr", "val_auc", "val_ap", "model", "loss_kind",
            "epochs", "ranks", "epoch_ms_median", "train_seconds", "peak_rss_mb"]
    rows = "".join("<tr><td>%s</td><td>%s</td></tr>" % (k, html.escape(
        ("%.4f" % m[k]) if isinstance(m[k], float) else str(m[k]))) for k in keys if k in m)
    body = "".join('<h2>%s</h2><p>%s</p><img src="%s" alt="%s">' % (t, html.escape(c), f, t) for t, f, c in figures)
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>vgae_dist report</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:auto}td{padding:2px 12px}img{max-width:100%%}</style>
</head><body><h1>vgae_dist run report</h1><p>metrics %s, embeddings %s, graph %s</p>
<table>%s</table><h2>Configuration</h2><pre>%s</pre>%s</body></html>
""" % (html.escape(a.metrics), html.escape(a.embeddings), html.escape(a.graph), rows,
       html.escape(json.dumps(m.get("config", {}), indent=2)), body)
    with open(os.path.join(a.out, "index.html"), "w") as f:
        f.write(page)
    print("report: %s/index.html (%d figures: %s)" % (a.out, len(figures), ", ".join(f for _, f, _ in figures)))


if __name__ == "__main__":
    main()
