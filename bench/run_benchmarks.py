#!/usr/bin/python3
"""The performance benchmark suite: one command, writes docs/BENCHMARKS.md (rendered by bench/benchmarks_doc.py).

  bench/run_benchmarks.py [--quick] [--out docs/BENCHMARKS.md] [--work /tmp/vgae_bench]

Measures, in one invocation on this machine:
  - STREAM copy/triad and the SpMM's achieved GB/s on each graph (build/bench/vgae_bench_kernels);
  - vgae_dist training at 1 rank × 1 thread, 1 rank × 2 threads, 2 ranks × 1 thread (with and without the halo
    overlap) and 4 ranks oversubscribed (for communication volume only): ms per epoch (median, min, max), the
    breakdown, bytes sent per rank per epoch, peak RSS per rank — from the metrics JSON's "perf" block;
  - the PyTorch reference (../shared/bench/ref_vgae.py) on the same graph with the same widths, negatives per
    positive, epochs and threads, reported as a ratio;
  - the cost model (bench/cost_model.py) evaluated on each partition, side by side with the measurements.
Datasets: Cora, CiteSeer, Amazon Photo, PubMed (featureless) and graphs of 10^6 and 10^7 edges made by
`vgae_dist gen` (10^8 with --generated 1e6,1e7,1e8; on a 24 GiB machine that graph runs a reduced suite, see
REDUCED below: `--only "" --generated 1e8 --out docs/BENCHMARKS_1e8.md` measures it alone). Prepared graphs are
cached under --work; every timing is taken afresh. Raw results go to <work>/results.json (re-render with
--render-only).
"""
import argparse, json, os, platform, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from quality_table import ROOT, num_nodes  # noqa: E402
import benchmarks_doc  # noqa: E402

BASE_ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
PY = "/usr/bin/python3"
DATASETS = [("cora", True), ("citeseer", True), ("amazon-photo", True), ("pubmed", False)]
# name -> (nodes, average degree): undirected edges ≈ nodes · degree / 2.
GENERATED = {"1e6": (100_000, 20), "1e7": (1_000_000, 20), "1e8": (10_000_000, 20)}
# Graphs too large for the defaults on a 24 GiB, 2-core machine (--reduced, default 1e8) run a reduced suite.
# At 10^8 edges the default widths need about 19 GiB a rank at 2 ranks and twice that at 1 (docs/RESULTS.md,
# "Scale"), METIS takes about 14 GiB and 2.5 minutes per partition, and the reference would take hours per
# epoch. So only the 2-rank configurations run, at h = 16, d = 8 and 1 negative per positive (9.3 GiB a rank
# measured), with train's memory limit raised past its estimate (13,012 MiB a rank on 2026-12-02, so 13000M
# was refused). The SpMM is timed in the file's order and by label only, with fewer calls, and there is no
# PyTorch reference.
REDUCED = {"configs": ("2r x 1t", "2r x 1t, no overlap"), "hidden": 16, "latent": 8, "neg_ratio": 1,
           "max_memory": "14G", "orders": "natural,label", "reps": 5}
# (label, ranks, threads, overlap): the configurations of every graph.
CONFIGS = [("1r x 1t", 1, 1, True), ("1r x 2t", 1, 2, True), ("2r x 1t", 2, 1, True),
           ("2r x 1t, no overlap", 2, 1, False), ("4r x 1t (oversubscribed)", 4, 1, True)]


def configs_of(reduced):
    """The configurations a graph runs: all of them, or those of its reduced suite (REDUCED, or None)."""
    return [c for c in CONFIGS if not reduced or c[0] in reduced["configs"]]


# ../shared next to the checkout (or next to the worktree folder of a git worktree under wt/).
SHARED = next((d for d in (os.path.join(ROOT, "..", "shared"), os.path.join(ROOT, "..", "..", "shared"))
               if os.path.isdir(d)), os.path.join(ROOT, "..", "shared"))


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd, threads=1, timeout=None):
    env = dict(BASE_ENV, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout[-4000:]}")
    return r.stdout


def last_json(text):
    return json.loads(text.strip().splitlines()[-1])


class Suite:
    def __init__(self, a):
        self.a = a
        self.binary = a.binary
        self.train_help = run([self.binary, "train", "--help"])
        self.results = {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "quick": a.quick, "graphs": [],
                        "rounds": max(1, a.repeats),
                        "node_order": a.node_order,
                        "notes": [], "machine": machine_info(),
                        "version": run([self.binary, "--version"]).strip().splitlines()[-1]}

    def has_flag(self, flag):
        return flag in self.train_help

    # --- graphs -------------------------------------------------------------------------------------------------
    def split_and_partition(self, h5, ks=(2, 4)):
        """Split (seed 1) and METIS partitions into each of ks parts, each only when the file lacks it (an
        interrupted earlier invocation resumes)."""
        import h5py
        with h5py.File(h5, "r") as f:
            has = lambda name: name in f
            split, parts = has("split/train_graph"), [k for k in ks if not has(f"partition/k{k}")]
            features = has("features")
        if not split:
            run([self.binary, "split", h5, "--seed", "1", "--quiet"], timeout=self.a.timeout)
            parts = list(ks)  # split drops every stored partition
        for k in parts:
            run([self.binary, "partition", h5, "--parts", str(k), "--quiet"], timeout=self.a.timeout)
        return features

    def dataset(self, name, feats):
        """prep + split (seed 1) + 2- and 4-part METIS partitions of a shared dataset, cached."""
        src = os.path.join(self.a.datasets, name)
        order = self.a.node_order
        h5 = os.path.join(self.a.work, f"{name}.h5" if order == "natural" else f"{name}_{order}.h5")
        if not os.path.exists(h5):
            cmd = [self.binary, "prep", "--edges", os.path.join(src, "edges.txt"), "--out", h5, "--quiet"]
            if order != "natural":
                cmd += ["--node-order", order]
            cmd += (["--features", os.path.join(src, "features.mtx")] if feats
                    else ["--num-nodes", str(num_nodes(os.path.join(src, "edges.txt")))])
            run(cmd)
        self.split_and_partition(h5)
        return {"name": name, "h5": h5, "ref_dir": src, "features": feats, "epochs": self.a.epochs}

    def generated(self, tag):
        nodes, degree = GENERATED[tag]
        h5 = os.path.join(self.a.work, f"gen{tag}.h5")
        if not os.path.exists(h5):
            listed = run([self.binary, "--help"]).split("Subcommands:")[-1]
            if not any(line.split()[:1] == ["gen"] for line in listed.splitlines()):
                raise RuntimeError(f"`vgae_dist gen` is not available in this build ({self.binary} lists no gen "
                                   f"subcommand: the graph generator, branch gen, is not merged yet), so the "
                                   f"10^{tag[2:]}-edge graph cannot be made")
            log(f"generating the 10^{tag[2:]}-edge graph ({nodes} nodes, average degree {degree})")
            run([self.binary, "gen", "--nodes", str(nodes), "--avg-degree", str(degree), "--communities",
                 str(max(10, nodes // 1000)), "--feature-dim", str(self.a.gen_feature_dim), "--seed", "1",
                 "--out", h5, "--quiet"], timeout=self.a.timeout)
        reduced = REDUCED if tag in self.a.reduced else None
        features = self.split_and_partition(h5, sorted({r for _, r, _, _ in configs_of(reduced) if r > 1}))
        epochs = self.a.gen_epochs.get(tag, 10)
        name = f"generated 10^{tag[2:]} edges"
        if reduced:
            name += f" (h = {reduced['hidden']}, d = {reduced['latent']}, {reduced['neg_ratio']} negative per positive)"
        return {"name": name, "h5": h5, "ref_dir": None, "features": features, "epochs": epochs, "tag": tag,
                "reduced": reduced}

    # --- runs ---------------------------------------------------------------------------------------------------
    def train(self, g, ranks, threads, overlap):
        m = os.path.join(self.a.work, f"m_{os.path.basename(g['h5'])}_{ranks}_{threads}_{int(overlap)}.json")
        cmd = ["mpirun", "-n", str(ranks), "--bind-to", "none"] + (["--oversubscribe"] if ranks > 2 else [])
        cmd += [self.binary, "train", g["h5"], "--quiet", "--epochs", str(g["epochs"]), "--metrics", m]
        if g.get("reduced"):
            r = g["reduced"]
            cmd += ["--hidden", str(r["hidden"]), "--latent", str(r["latent"]), "--neg-ratio", str(r["neg_ratio"]),
                    "--max-memory", r["max_memory"]]
        if not g["features"]:
            cmd += ["--features", "none"]
        if self.has_flag("--threads"):
            cmd += ["--threads", str(threads)]
        if not overlap:
            if not self.has_flag("--no-overlap"):
                return None
            cmd += ["--no-overlap"]
        if os.path.exists(m):
            os.remove(m)  # never read a previous invocation's figures
        t = time.time()
        run(cmd, threads=threads, timeout=self.a.timeout)
        out = normalise(json.load(open(m)))
        out["wall_s"] = time.time() - t
        return out

    def reference(self, g, threads):
        d = g["ref_dir"] or self.export_for_reference(g)
        cmd = [PY, self.a.ref, d, "--model", "vgae", "--epochs", str(g["epochs"]), "--threads", str(threads),
               "--neg-ratio", "5", "--tkipf-weighting", "--seed", "1"]
        if not g["features"]:
            cmd += ["--no-features"]
        return last_json(run(cmd, threads=threads, timeout=self.a.timeout))

    def export_for_reference(self, g):
        """edges.txt and features.mtx of a generated graph, in the shared datasets' format, for ref_vgae.py."""
        import h5py
        import numpy as np
        d = os.path.join(self.a.work, f"ref_gen{g['tag']}")
        if os.path.exists(os.path.join(d, "done")):
            return d
        os.makedirs(d, exist_ok=True)
        with h5py.File(g["h5"], "r") as f:
            indptr, cols = f["graph/indptr"][:], f["graph/indices"][:]
            n = len(indptr) - 1
            rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
            keep = rows < cols
            with open(os.path.join(d, "edges.txt"), "w") as out:
                out.write(f"# generated by vgae_dist gen\n# nodes: {n} undirected_edges: {int(keep.sum())}\n")
                np.savetxt(out, np.stack([rows[keep], cols[keep]], 1), fmt="%d")
            if "features" in f:
                feats = f["features"]
                if "dense" in feats:
                    x = feats["dense"][:]
                    r, c = np.nonzero(x)
                    v, fcols = x[r, c], x.shape[1]
                else:
                    fptr, c, v = feats["indptr"][:], feats["indices"][:], feats["data"][:]
                    r, fcols = np.repeat(np.arange(n), np.diff(fptr)), int(feats.attrs["cols"])
                with open(os.path.join(d, "features.mtx"), "w") as out:
                    out.write(f"%%MatrixMarket matrix coordinate real general\n{n} {fcols} {len(v)}\n")
                    np.savetxt(out, np.stack([r + 1, c + 1, v], 1), fmt=["%d", "%d", "%.7g"])
        open(os.path.join(d, "done"), "w").close()
        return d

    def kernels(self, g=None):
        cmd = [os.path.join(self.a.build, "bench", "vgae_bench_kernels"), "--threads", "1,2"]
        if g:
            reduced = g.get("reduced") or {}
            reps = 5 if self.a.quick else reduced.get("reps", 20)
            cmd += ["--graph", g["h5"], "--stream-mb", "0", "--reps", str(reps)]
            if g.get("tag"):  # large graphs: also renumbered for locality, to show what it would buy
                cmd += ["--orders", reduced.get("orders", "natural,bfs,rcm,metis,label")]
        else:
            cmd += ["--stream-mb", str(256 if self.a.quick else 1024), "--stream-reps", str(5 if self.a.quick else 10)]
        return last_json(run(cmd, threads=2))

    # --- the whole suite ------------------------------------------------------------------------------------------
    def graphs(self):
        names = self.a.datasets_list.split(",") if self.a.datasets_list else []
        for name, feats in DATASETS:
            if name in names:
                yield lambda name=name, feats=feats: self.dataset(name, feats)
        for tag in [t for t in self.a.generated.split(",") if t]:
            yield lambda tag=tag: self.generated(tag)

    def run_all(self):
        log("STREAM")
        self.results["stream"] = self.kernels()["stream"]
        for make in self.graphs():
            try:
                g = make()
            except RuntimeError as e:
                self.results["notes"].append(str(e).splitlines()[0])
                log(f"ERROR: {e}")
                continue
            self.run_graph(g)
            self.save()
        self.results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        self.save()

    def run_graph(self, g):
        import cost_model
        entry = {k: g[k] for k in ("name", "h5", "features", "epochs")}
        entry["reduced"] = g.get("reduced")
        log(f"{g['name']}: kernels")
        k = self.kernels(g)
        entry.update(spmm=k["spmm"], plain_gather=k.get("plain_gather", []), random_rows=k.get("random_rows", []),
                     cross_label_nnz=k["graph"].get("cross_label_nnz", -1), pair_bce=k["pair_bce"], random=k["random"],
                     rows=k["graph"]["rows"], nnz=k["graph"]["nnz"])
        if not entry["plain_gather"]:
            self.results["notes"].append(f"{g['name']}: vgae_bench_kernels measured no plain gather")
        if not entry["random_rows"]:
            self.results["notes"].append(f"{g['name']}: vgae_bench_kernels measured no random rows")
        entry["runs"], entry["ref"], entry["model"] = {}, {}, {}
        # Round by round: each round runs every configuration of ours once and then the reference once per thread
        # count. A configuration's repeats are so spread over the graph's whole measurement rather than taken back
        # to back (a PubMed run lasts about a second, and this VM has spells, from a few seconds to minutes, in
        # which two busy threads run at about 60 % speed), and ours and the reference meet the same spells.
        configs = configs_of(g.get("reduced"))
        jobs = [(f"vgae_dist {label}", lambda ranks=ranks, threads=threads, overlap=overlap:
                 self.train(g, ranks, threads, overlap), lambda x: x["epoch_ms"]["median"])
                for label, ranks, threads, overlap in configs]
        if not self.a.no_ref and not g.get("reduced"):
            jobs += [(f"reference, {threads} thread(s)", lambda threads=threads: self.reference(g, threads),
                      lambda x: x["epoch_ms_median"]) for threads in (1, 2)]
        samples = {name: [] for name, _, _ in jobs}
        failed = set()
        for round_ in range(max(1, self.a.repeats)):
            for name, measure, _ in jobs:
                if name in failed:
                    continue
                log(f"{g['name']}: {name} (round {round_ + 1})")
                try:
                    x = measure()
                except (RuntimeError, subprocess.TimeoutExpired) as e:
                    self.results["notes"].append(f"{g['name']} {name}: {str(e).splitlines()[0]}")
                    failed.add(name)
                    continue
                if x is None:  # a configuration this binary cannot run
                    failed.add(name)
                    continue
                samples[name].append(x)
        best = {name: min(samples[name], key=key) for name, _, key in jobs
                if samples[name] and name not in failed}
        widths = {k: g["reduced"][k] for k in ("hidden", "latent", "neg_ratio")} if g.get("reduced") else {}
        for label, ranks, threads, overlap in configs:
            r = best.get(f"vgae_dist {label}")
            if r is None:
                continue
            r.update(ranks=ranks, threads=threads, overlap=overlap)
            # The halo figures of every round, not only of the fastest one: a descheduled rank makes its peer wait
            # in a round whose epochs may still be the fastest (the 10^7-edge graph runs 3 epochs a round).
            r["halo_rounds"] = [{k: x.get(k) for k in HALO_ROUND_FIELDS} for x in samples[f"vgae_dist {label}"]]
            entry["runs"][label] = r
            sizes = cost_model.shard_sizes(g["h5"], ranks, not g["features"])
            entry["model"][label] = model_row(cost_model, sizes, self.results["stream"], k, threads, ranks, widths)
        for threads in (1, 2):
            r = best.get(f"reference, {threads} thread(s)")
            if r is not None:
                entry["ref"][str(threads)] = r
        self.results["graphs"].append(entry)

    def save(self):
        with open(os.path.join(self.a.work, "results.json"), "w") as f:
            json.dump(self.results, f, indent=1, default=float)


# What benchmarks_doc reads of each round (its hidden fraction, with and without a late peer's waiting).
HALO_ROUND_FIELDS = ("halo_hidden_fraction", "halo_hidden_fraction_less_peer_late")


def normalise(m):
    """The figures of one train run, from its "perf" block or, when absent, from the older fields."""
    hist = [e["ms"] for e in m.get("history", [])]
    p = m.get("perf") or {}
    return {
        "epoch_ms": p.get("epoch_ms") or {"median": m["epoch_ms_median"], "min": min(hist, default=0),
                                          "max": max(hist, default=0)},
        "breakdown_ms": p.get("breakdown_ms"), "compute_ms_per_rank": p.get("compute_ms_per_rank"),
        "halo_ms_blocking_equivalent": p.get("halo_ms_blocking_equivalent"),
        "halo_wait_ms": p.get("halo_wait_ms"), "halo_hidden_fraction": p.get("halo_hidden_fraction"),
        "halo_pack_ms": p.get("halo_pack_ms"), "halo_blocking_pack_ms": p.get("halo_blocking_pack_ms"),
        "halo_transfer_hidden_fraction": p.get("halo_transfer_hidden_fraction"),
        "halo_peer_late_ms": p.get("halo_peer_late_ms"),
        "halo_hidden_fraction_less_peer_late": p.get("halo_hidden_fraction_less_peer_late"),
        "interior_rows": p.get("interior_rows"), "boundary_rows": p.get("boundary_rows"),
        "bytes_sent_per_epoch": p.get("bytes_sent_per_epoch"), "halo_bytes_per_epoch": p.get("halo_bytes_per_epoch"),
        "negative_bytes_per_epoch": p.get("negative_bytes_per_epoch"),
        "allreduce_bytes_per_epoch": p.get("allreduce_bytes_per_epoch"),
        "peak_rss_mb": p.get("peak_rss_mb") or [m["peak_rss_mb"]], "rss_per_rank": "peak_rss_mb" in p,
        "huge_pages_mb": p.get("huge_pages_mb"),
        "bytes_per_node": p.get("bytes_per_node"), "bytes_per_train_edge": p.get("bytes_per_train_edge"),
        "has_perf": bool(p), "test_auc": m.get("test_auc"), "train_seconds": m.get("train_seconds"),
    }


def model_row(cost_model, sizes, stream, kernels, threads, ranks, widths=None):
    """The cost model's per-rank figures and predicted epoch time (max over ranks) for one configuration; widths:
    hidden, latent and neg_ratio when the run did not use the defaults."""
    bw = max((s["triad_gbs"] for s in stream if s["threads"] == threads), default=10.0)
    # Oversubscribed ranks share the cores: the model runs them at the per-core rates (not the 4-rank time).
    ns = min((p["ns_per_pair"] for p in kernels["pair_bce"] if p["threads"] == threads), default=40.0)
    copy = max((s["copy_gbs"] for s in stream if s["threads"] == threads), default=10.0)
    c = cost_model.epoch_cost(sizes, **(widths or {}))
    # Ranks on one node exchange through shared memory: each byte is copied in and out (half the copy bandwidth).
    rng = next((r for r in kernels["random"] if r["threads"] == threads), None)
    t = cost_model.predict_ms(c, bw, ns, net_gbs=copy / 2 if ranks > 1 else None, latency_us=1.0, rng=rng)
    as_list = lambda v: [float(x) for x in (v if hasattr(v, "__len__") else [v] * sizes["P"])]
    return {"epoch_ms": max(as_list(t["epoch_ms"])), "memory_ms": max(as_list(t["memory_ms"])),
            "loss_ms": max(as_list(t["loss_ms"])), "rng_ms": max(as_list(t["rng_ms"])), "gflop": max(as_list(c["flops"])) / 1e9,
            "mem_mb": max(as_list(c["mem_bytes"])) / 1e6, "halo_bytes": as_list(c["halo_bytes"]),
            "neg_bytes": as_list(c["neg_bytes"]), "allreduce_bytes": float(c["allreduce_bytes"]),
            "messages": as_list(c["messages"]), "halo_rows": [int(x) for x in sizes["H"]],
            "owned_rows": [int(x) for x in sizes["n"]], "bandwidth_gbs": bw, "ns_per_pair": ns,
            "comm_ms": max(as_list(t["comm_ms"])), "nodes": sizes["N"], "F": sizes["F"],
            "halo_fraction": float((sizes["H"] / sizes["n"]).mean()),
            "cut_fraction": float(sizes["cut_positive_ends"].sum() / max(1, sizes["m"].sum())),
            "peers": float(sizes["peers"].mean())}


def wait_until_idle(seconds):
    """Waits (at most --wait-idle seconds) for the 1-minute load average to fall below a quarter of the cores:
    work that ended just before the run (a build, the tests) would otherwise still count as load when the
    machine description records it, and BENCHMARKS.md would call the run busy."""
    cores = os.cpu_count() or 1
    deadline = time.time() + seconds
    while os.getloadavg()[0] >= 0.25 * cores and time.time() < deadline:
        time.sleep(5)
    if os.getloadavg()[0] >= 0.25 * cores:
        log(f"still loaded after {seconds:.0f} s (1-minute load {os.getloadavg()[0]:.2f}): starting anyway")


def machine_info():
    info = {"platform": platform.platform()}
    try:
        for line in subprocess.run(["lscpu"], stdout=subprocess.PIPE, text=True).stdout.splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("Model name", "CPU(s)", "Thread(s) per core", "L2 cache", "L3 cache",
                               "Hypervisor vendor"):
                info[key.strip()] = value.strip()
        with open("/proc/meminfo") as f:
            info["MemTotal"] = f.readline().split(":")[1].strip()
        # Other work on the machine inflates every time below: the load when the suite started says how much.
        info["load average at start (1, 5, 15 min)"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        pass
    return info


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="smoke test: Cora and CiteSeer, 20 epochs, small STREAM")
    p.add_argument("--out", default=os.path.join(ROOT, "docs", "BENCHMARKS.md"))
    p.add_argument("--work", default="/tmp/vgae_bench")
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--binary", default=None, help="default: <build>/apps/vgae_dist")
    p.add_argument("--datasets", default=os.path.join(SHARED, "datasets"))
    p.add_argument("--ref", default=os.path.join(SHARED, "bench", "ref_vgae.py"))
    p.add_argument("--only", dest="datasets_list", default=None,
                   help="comma-separated shared datasets (default: cora,citeseer,amazon-photo,pubmed; quick: cora,citeseer)")
    p.add_argument("--generated", default=None, help="generated graphs: 1e6,1e7[,1e8] (default 1e6,1e7; quick: none)")
    p.add_argument("--wait-idle", type=float, default=None,
                   help="seconds to wait, at most, for the 1-minute load to fall below a quarter of the cores "
                        "before starting (default 180; quick: 0)")
    p.add_argument("--node-order", choices=["natural", "rcm"], default="rcm",
                   help="prep --node-order of the shared datasets (the reference reads the original files)")
    p.add_argument("--gen-feature-dim", type=int, default=32)
    p.add_argument("--epochs", type=int, default=None, help="epochs on the shared datasets (default 200; quick 20)")
    p.add_argument("--gen-epochs", default="1e6:50,1e7:10,1e8:3", help="epochs per generated graph")
    p.add_argument("--reduced", default="1e8",
                   help="generated graphs that run the reduced suite: 2 ranks only, narrower widths, no reference")
    p.add_argument("--repeats", type=int, default=1, help="rounds: each runs every configuration once; the fastest run of each is reported")
    p.add_argument("--no-ref", action="store_true", help="skip the PyTorch reference")
    p.add_argument("--timeout", type=float, default=7200, help="seconds per run")
    p.add_argument("--strict", action="store_true", help="exit 1 when any run failed (the smoke test)")
    p.add_argument("--render-only", action="store_true", help="re-render --out from <work>/results.json")
    a = p.parse_args()
    a.binary = a.binary or os.path.join(a.build, "apps", "vgae_dist")
    a.epochs = a.epochs or (20 if a.quick else 200)
    a.datasets_list = a.datasets_list if a.datasets_list is not None else (
        "cora,citeseer" if a.quick else ",".join(n for n, _ in DATASETS))
    a.generated = a.generated if a.generated is not None else ("" if a.quick else "1e6,1e7")
    a.wait_idle = a.wait_idle if a.wait_idle is not None else (0 if a.quick else 180)
    a.gen_epochs = {k: int(v) for k, v in (x.split(":") for x in a.gen_epochs.split(","))}
    a.reduced = {t for t in a.reduced.split(",") if t}
    os.makedirs(a.work, exist_ok=True)
    if not a.render_only:
        wait_until_idle(a.wait_idle)
        suite = Suite(a)
        suite.results["command"] = " ".join(["bench/run_benchmarks.py"] + sys.argv[1:])
        suite.run_all()
    with open(os.path.join(a.work, "results.json")) as f:
        results = json.load(f)
    with open(a.out, "w") as f:
        f.write(benchmarks_doc.render(results))
    log(f"wrote {a.out}")
    if a.strict and results["notes"]:
        print("\n".join(["", "FAILED:"] + results["notes"]), file=sys.stderr)
        sys.exit(1)
    missing = [n for n in results["notes"] if "not available" in n]
    if missing:
        print("\n".join(["", "INCOMPLETE:"] + missing), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
