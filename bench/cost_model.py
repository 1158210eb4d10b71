#!/usr/bin/python3
"""Per-epoch cost model of vgae_dist's sampled-loss training (docs/PERFORMANCE.md derives every term).

For each rank r of a partition it counts, per epoch: floating-point operations, compulsory memory traffic, pairs
scored by the loss, and MPI messages and bytes sent (halo exchange, negative exchange, all-reduce). Its inputs are
the sizes of the rank's shard, read from a graph file and its partition:
  n_r  owned nodes          E_r  training adjacency entries of owned rows (both directions)
  H_r  halo nodes           S_r  rows of r's owned nodes that other ranks hold as halo (what r serves)
  m_r  positive edges u<v with u owned       X_r  feature non-zeros of owned rows (identity: n_r)
and the model's widths (F, hidden h, latent d, head w = 2d for VGAE, d for GAE; negatives per positive k).
Time is predicted from machine figures measured by vgae_bench_kernels: memory bandwidth (STREAM triad) for the
streaming terms and ns per scored pair for the loss, plus a latency/bandwidth (alpha/beta) network model.

  bench/cost_model.py G.h5 --parts 2 [--features none] [--kernels k.json] [--metrics m.json]
  bench/cost_model.py --extrapolate   (the docs' 16-rank, 10^9-edge, 100 Gb/s prediction)
"""
import argparse, json, math, sys

import numpy as np

ALL_REMOTE_COVERAGE = 4  # dist::PairIndexer::kAllRemoteCoverage
FLOAT, INDEX, OFFSET = 4, 4, 8  # bytes: float32 values, int32 local column ids, int64 row offsets
ADAM_WORDS = 7  # Adam reads param, grad, m, v and writes param, m, v


def shard_sizes(h5_path, parts, identity_features=False):
    """Per-rank sizes (dict of numpy arrays) of the K-part partition stored in a graph file."""
    import h5py
    with h5py.File(h5_path, "r") as f:
        indptr = f["split/train_graph/indptr"][:]
        cols = f["split/train_graph/indices"][:]
        n = len(indptr) - 1
        part = f[f"partition/k{parts}/part"][:] if parts > 1 else np.zeros(n, np.int32)
        feats = None if identity_features or "features" not in f else f["features"]
        if feats is None:
            feat_cols, feat_nnz_per_row = n, np.ones(n, np.int64)
        elif "dense" in feats:
            feat_cols = feats["dense"].shape[1]
            feat_nnz_per_row = np.full(n, feat_cols, np.int64)
        else:
            feat_cols = int(feats.attrs["cols"])
            feat_nnz_per_row = np.diff(feats["indptr"][:])
    deg = np.diff(indptr)
    rows = np.repeat(np.arange(n, dtype=np.int64), deg)
    pr, pc = part[rows], part[cols]
    cut = pr != pc
    # Distinct (reader rank, halo node) pairs: the halo of each rank, and who serves each of its rows.
    keys = np.unique(pr[cut].astype(np.int64) * n + cols[cut])
    reader, node = keys // n, keys % n
    k = max(parts, 1)
    return {
        "N": n, "M": int((rows < cols).sum()), "F": feat_cols, "P": k,
        "n": np.bincount(part, minlength=k), "E": np.bincount(pr, minlength=k),
        "H": np.bincount(reader, minlength=k), "S": np.bincount(part[node], minlength=k),
        "m": np.bincount(pr[rows < cols], minlength=k),
        "X": np.bincount(part, weights=feat_nnz_per_row, minlength=k).astype(np.int64),
        "cut_positive_ends": np.bincount(pr[cut & (rows < cols)], minlength=k),
        "peers": np.bincount(np.unique(reader * k + part[node]) // k, minlength=k),
    }


def epoch_cost(s, hidden=32, latent=16, variational=True, neg_ratio=5, self_pairs=True, gathered=False):
    """Per-rank per-epoch counts (numpy arrays over ranks, scalars where the same on every rank). gathered: count
    memory traffic as a cache-less machine would (one input row per non-zero of Â; the random rows of a scored
    pair is left to t_pair, measured on a table of the graph's size), the bound for graphs whose rows do not fit
    in cache; otherwise compulsory traffic only."""
    h, d, k = hidden, latent, neg_ratio
    w = 2 * d if variational else d
    n, E, H, S, m, X, P, N, F = s["n"], s["E"], s["H"], s["S"], s["m"], s["X"], s["P"], s["N"], s["F"]
    nnz_s = E + n  # Â has the self-loop on every owned row
    params = F * h + h * w
    pairs = m * (1 + k) + (n if self_pairs else 0)
    # Flops: 4 SpMMs with Â (2 of width h, 2 of width w), X·W0 and Xᵀ·dP0, three dense n×h×w products, the loss
    # (dot + two axpys: 6d per pair), elementwise terms (ReLU, reparametrisation, dY: ~10 per entry), Adam.
    flops = (2 * nnz_s * (2 * h + 2 * w) + 2 * 2 * X * h + 3 * 2 * n * h * w + 6 * d * pairs
             + 10 * n * (h + w) + 10 * params)
    # Compulsory memory traffic (each array touched once per use; gathers of rows that miss cache not counted).
    spmm = lambda width: (OFFSET * (n + 1) + (INDEX + FLOAT) * nnz_s + FLOAT * width * n
                          + FLOAT * width * (nnz_s if gathered else n + H))
    sparse_x = OFFSET * (n + 1) + (INDEX + FLOAT) * X + FLOAT * h * n + FLOAT * np.minimum(F, X) * h
    dense = 3 * FLOAT * n * (h + w)  # H1·W1, dP·W1ᵀ, H1ᵀ·dP: read one n-row operand, write/read the other
    elementwise = FLOAT * n * (2 * h + 6 * w)  # ReLU + mask on n×h, reparametrisation and dY on n×w
    table_rows = n + np.minimum(2 * pairs, N - n)  # owned rows + fetched endpoints (upper bound)
    loss = FLOAT * d * 3 * table_rows + 2 * INDEX * pairs  # table, dtable zero + update; pair index lists
    adam = ADAM_WORDS * FLOAT * params + 2 * FLOAT * F * h  # + zeroing and writing the W0 gradient
    mem_bytes = 2 * spmm(h) + 2 * spmm(w) + 2 * sparse_x + dense + elementwise + loss + adam
    # Halo exchange: 4 gathers per epoch (P0: h, P1: w forward; dY: w, dH1: h backward); r sends S_r rows.
    halo_bytes = FLOAT * S * (2 * h + 2 * w)
    halo_recv = FLOAT * H * (2 * h + 2 * w)
    # Negative exchange: endpoints not owned are fetched (rows of Z, d floats) and their gradients returned. The
    # distinct remote endpoints of rank r (W_r): the cut positives' far ends plus uniform draws from the N - n_r
    # remote nodes (expected distinct count of X draws from U nodes: U(1 - e^(-X/U))). Each epoch also requests
    # them by id (8 B each) because the pairs are new every epoch.
    remote = N - n
    draws = 2 * k * m * remote / max(N, 1)
    c = np.minimum(s["cut_positive_ends"], remote)
    wanted = c + (remote - c) * (1 - np.exp(-draws / np.maximum(remote, 1)))
    # A list long enough to name about every remote node gets a row for each (dist::TableLayout::kAllRemote).
    wanted = np.where(2 * m * (1 + k) >= ALL_REMOTE_COVERAGE * N, remote, wanted)
    served = _served(wanted, n, N)
    neg_bytes = FLOAT * d * (served + wanted)  # rows of Z out, their gradients back
    neg_id_bytes = OFFSET * wanted  # the requests
    allreduce_bytes = (2 * (P - 1) / P) * FLOAT * params if P > 1 else 0.0  # ring/Rabenseifner volume
    # Messages sent: 4 halo gathers to each partition-graph neighbour; the negative exchange's id request (count
    # alltoall + alltoallv), row fetch and gradient return go to every other rank (pairs land anywhere); two
    # all-reduces (loss terms, gradient) of ~2·log2(P) steps each.
    log_p = math.ceil(math.log2(P)) if P > 1 else 0
    messages = 4 * s["peers"] + 4 * (P - 1) + 2 * 2 * log_p
    # Random numbers: one Philox block per negative pair (two UniformBelow draws); one per two dims of ε (VGAE).
    normal_pairs = n * ((d + 1) // 2) if variational else 0 * n
    return {"flops": flops, "mem_bytes": mem_bytes, "pairs": pairs, "negative_draws": k * m, "normal_pairs": normal_pairs, "params": params, "halo_bytes": halo_bytes,
            "halo_recv_bytes": halo_recv, "neg_bytes": neg_bytes, "neg_id_bytes": neg_id_bytes, "neg_wanted_rows": wanted,
            "allreduce_bytes": allreduce_bytes, "messages": messages, "nnz_s": nnz_s}


def _served(wanted, n, N):
    """Rows r serves to the negative exchange: rank s's wanted rows are spread over the ranks other than s in
    proportion to their sizes, so r serves Σ_{s≠r} W_s · n_r / (N − n_s)."""
    share = wanted / np.maximum(N - n, 1)
    return n * (share.sum() - share)


def predict_ms(cost, bandwidth_gbs, ns_per_pair, net_gbs=None, latency_us=2.0, hidden_halo_fraction=0.0, rng=None):
    """Predicted epoch time (ms) per rank: memory traffic at STREAM bandwidth + pairs at the measured loss rate +
    random numbers at the measured Philox rates (rng: vgae_bench_kernels' "philox") + alpha-beta communication
    (halo partly hidden behind interior compute). Returns the parts and the total."""
    mem = cost["mem_bytes"] / (bandwidth_gbs * 1e9) * 1e3
    loss = cost["pairs"] * ns_per_pair * 1e-6
    rng = rng or {"ns_per_negative_pair": 15.0, "ns_per_normal_pair": 60.0}
    random = (cost["negative_draws"] * rng["ns_per_negative_pair"] + cost["normal_pairs"] * rng["ns_per_normal_pair"]) * 1e-6
    comm = np.zeros_like(np.asarray(mem, dtype=float))
    halo = neg = ar = 0.0
    if net_gbs:
        beta = net_gbs * 1e9
        halo = (1 - hidden_halo_fraction) * np.maximum(cost["halo_bytes"], cost["halo_recv_bytes"]) / beta * 1e3
        neg = (cost["neg_bytes"] + cost["neg_id_bytes"]) / beta * 1e3
        ar = cost["allreduce_bytes"] / beta * 1e3
        comm = halo + neg + ar + cost["messages"] * latency_us * 1e-3
    total = mem + loss + random + comm
    return {"memory_ms": mem, "loss_ms": loss, "rng_ms": random, "halo_ms": halo, "negative_ms": neg, "allreduce_ms": ar,
            "comm_ms": comm, "epoch_ms": total}


def extrapolated_sizes(P, N, avg_degree, F, halo_fraction, cut_fraction, peers):
    """Sizes of a P-way METIS-like partition of a synthetic graph with N·avg_degree/2 undirected edges: equal
    parts, H_r = S_r = halo_fraction·n_r, and a fraction cut_fraction of the edges crossing parts."""
    n = np.full(P, N // P)
    E = n * avg_degree
    H = (halo_fraction * n).astype(np.int64)
    m = E // 2
    return {"N": N, "M": int(N * avg_degree // 2), "F": F, "P": P, "n": n, "E": E, "H": H, "S": H, "m": m,
            "X": n * F, "cut_positive_ends": (cut_fraction * m).astype(np.int64),
            "peers": np.full(P, min(P - 1, peers))}


# The extrapolation of docs/PERFORMANCE.md: 16 ranks, 10^9 undirected edges (10^8 nodes of average degree 20, as
# the generated graphs; ogbn-papers100M has 1.1·10^8 nodes, 1.6·10^9 edges, 128 features), 128 dense features.
LARGE = {"P": 16, "N": 100_000_000, "avg_degree": 20, "F": 128, "net_gbs": 12.5, "latency_us": 2.0}


def predict_large(bandwidth_gbs, ns_per_pair, halo_fraction, cut_fraction, hidden_fraction, gathered=True, rng=None,
                  **over):
    """Predicted epoch (dict of ms per part) of the LARGE configuration under one partition-quality scenario. Its
    rows do not fit in any cache, so traffic is counted cache-less (gathered) unless told otherwise."""
    c = dict(LARGE, **over)
    sizes = extrapolated_sizes(c["P"], c["N"], c["avg_degree"], c["F"], halo_fraction, cut_fraction, c["P"] - 1)
    cost = epoch_cost(sizes, gathered=gathered)
    t = predict_ms(cost, bandwidth_gbs, ns_per_pair, c["net_gbs"], c["latency_us"], hidden_fraction, rng)
    first = lambda v: float(np.asarray(v).reshape(-1)[0])
    return {k: first(v) for k, v in t.items()} | {
        "gflop": first(cost["flops"]) / 1e9, "mem_gb": first(cost["mem_bytes"]) / 1e9,
        "halo_gb": first(cost["halo_bytes"]) / 1e9, "neg_gb": first(cost["neg_bytes"]) / 1e9,
        "allreduce_mb": float(cost["allreduce_bytes"]) / 1e6, "messages": first(cost["messages"]),
        "pairs_per_rank": first(cost["pairs"]), "config": c, "halo_fraction": halo_fraction,
        "cut_fraction": cut_fraction, "hidden_fraction": hidden_fraction}


def measured_rates(kernels, threads):
    """(STREAM triad GB/s, ns per pair) at a thread count from a vgae_bench_kernels JSON."""
    bw = max((s["triad_gbs"] for s in kernels.get("stream", []) if s["threads"] == threads), default=None)
    pair = min((p["ns_per_pair"] for p in kernels.get("pair_bce", []) if p["threads"] == threads), default=None)
    return bw, pair


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("graph", nargs="?")
    p.add_argument("--parts", type=int, default=1)
    p.add_argument("--features", choices=["stored", "none"], default="stored")
    p.add_argument("--kernels", help="vgae_bench_kernels JSON (bandwidth, ns per pair)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--net-gbs", type=float, default=12.5, help="network bandwidth per rank, GB/s (100 Gb/s = 12.5)")
    p.add_argument("--latency-us", type=float, default=2.0)
    p.add_argument("--bandwidth-gbs", type=float, default=10.0, help="without --kernels")
    p.add_argument("--ns-per-pair", type=float, default=40.0, help="without --kernels")
    a = p.parse_args()
    bw, pair = a.bandwidth_gbs, a.ns_per_pair
    if a.kernels:
        kb, kp = measured_rates(json.load(open(a.kernels)), a.threads)
        bw, pair = kb or bw, kp or pair
    if not a.graph:
        sys.exit("give a graph file (after split and partition)")
    s = shard_sizes(a.graph, a.parts, a.features == "none")
    c = epoch_cost(s)
    t = predict_ms(c, bw, pair, a.net_gbs if a.parts > 1 else None, a.latency_us)
    for r in range(s["P"]):
        print(json.dumps({"rank": r, "n": int(s["n"][r]), "halo": int(s["H"][r]), "serves": int(s["S"][r]),
                          "gflop": float(c["flops"][r]) / 1e9, "mem_mb": float(c["mem_bytes"][r]) / 1e6,
                          "halo_bytes": float(c["halo_bytes"][r]), "neg_bytes": float(c["neg_bytes"][r]),
                          "allreduce_bytes": float(c["allreduce_bytes"]),
                          "epoch_ms": float(np.asarray(t["epoch_ms"])[r])}))


if __name__ == "__main__":
    main()
