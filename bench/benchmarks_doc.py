"""Renders docs/BENCHMARKS.md from the results of bench/run_benchmarks.py (its <work>/results.json).

Every figure in the document comes from that one invocation; a missing figure (a flag the binary lacks, a
graph that could not be made) is shown as "n/a" with the reason in the notes, never filled in from elsewhere.
"""
import statistics

import cost_model

TARGET_RATIO, TARGET_SPMM_FRACTION, TARGET_SPEEDUP, TARGET_HIDDEN = 8.0, 0.60, 1.7, 0.5
BIG = "generated 10^7 edges"  # the graph the SpMM and overlap targets are set on


def fmt(x, digits=1, unit=""):
    if x is None:
        return "n/a"
    return f"{x:,.{digits}f}{unit}"


def fmt_pct(fraction):
    """A fraction as a whole percentage ("n/a" for None)."""
    return fmt(fraction and 100 * fraction, 0, " %")


def fmt_bytes(x):
    if x is None:
        return "n/a"
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if abs(x) >= scale:
            return f"{x / scale:.2f} {unit}"
    return f"{x:.0f} B"


def per_rank(values, f=fmt_bytes):
    return "n/a" if not values else " / ".join(f(v) for v in values)


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def stream_at(results, threads, key="triad_gbs"):
    return next((s[key] for s in results.get("stream", []) if s["threads"] == threads), None)


def machine(results):
    m = results["machine"]
    rows = [[k, v] for k, v in m.items()]
    for s in results.get("stream", []):
        rows.append([f"STREAM, {s['threads']} thread(s), 3 × {s['array_mb']} MiB",
                     f"copy {s['copy_gbs']:.1f} GB/s, triad {s['triad_gbs']:.1f} GB/s"])
    return table(["", ""], rows)


def epochs_table(results):
    rows = []
    for g in results["graphs"]:
        for label, r in g["runs"].items():
            e, b = r["epoch_ms"], r["breakdown_ms"] or {}
            rows.append([g["name"], label, f"{e['median']:.2f} ({e['min']:.2f}–{e['max']:.2f})",
                         fmt(b.get("compute"), 2), fmt(b.get("halo"), 2), fmt(b.get("negative_exchange"), 2),
                         fmt(b.get("allreduce"), 2), fmt(b.get("eval"), 1),
                         per_rank(r["bytes_sent_per_epoch"]),
                         per_rank(r["peak_rss_mb"], lambda v: f"{v:.0f}") + ("" if r["rss_per_rank"] else " (max)"),
                         per_rank(r["huge_pages_mb"], lambda v: f"{v:.0f}") if r.get("huge_pages_mb") else "–",
                         f"{r['bytes_per_node']:.0f} / {r['bytes_per_train_edge']:.0f}"
                         if r.get("bytes_per_node") is not None else "–"])
    return table(["graph", "config", "ms/epoch median (min–max)", "compute", "halo", "negative exch.", "all-reduce",
                  "eval (run total)", "bytes sent/epoch per rank", "peak RSS MB per rank",
                  "on huge pages MB per rank", "graph bytes per node / per train edge"], rows)


def ref_rows(results):
    """(graph, threads, ref ms, ours ms, ratio) for every graph with both figures."""
    out = []
    for g in results["graphs"]:
        for t, ref in sorted(g["ref"].items()):
            ours = g["runs"].get(f"1r x {t}t")
            if ours:
                ratio = ref["epoch_ms_median"] / ours["epoch_ms"]["median"]
                out.append((g["name"], int(t), ref["epoch_ms_median"], ours["epoch_ms"]["median"], ratio,
                            ref.get("test_auc"), ours.get("test_auc")))
    return out


def ref_table(results):
    rows = [[n, t, f"{r:.2f}", f"{o:.2f}", f"{x:.1f}×", "met" if x >= TARGET_RATIO else "not met",
             fmt(ra and 100 * ra), fmt(oa and 100 * oa)] for n, t, r, o, x, ra, oa in ref_rows(results)]
    return table(["graph", "threads", "reference ms/epoch", "vgae_dist ms/epoch", "speed-up", f"≥ {TARGET_RATIO:.0f}×",
                  "ref test AUC %", "vgae_dist test AUC %"], rows)


def spmm_rows(results):
    out = []
    for g in results["graphs"]:
        by = {(s.get("order", "natural"), s["d"], s["threads"]): s for s in g["spmm"]}
        for (order, d, t), s in sorted(by.items(), key=lambda kv: (kv[0][0] != "natural",) + kv[0]):
            triad = stream_at(results, t)
            one = by.get((order, d, 1))
            out.append((g["name"], d, t, s, triad, s["compulsory_gbs"] / triad if triad else None,
                        one["ms_median"] / s["ms_median"] if one else None, order))
    return out


def spmm_table(results):
    rows = [[n, order, d, t, f"{s['ms_median']:.3f}", f"{s['gflops']:.2f}", f"{s['compulsory_gbs']:.1f}", fmt(triad),
             fmt_pct(frac), f"{s['gathered_gbs']:.1f}", fmt(sp, 2, "×")]
            for n, d, t, s, triad, frac, sp, order in spmm_rows(results)]
    return table(["graph", "node order", "d", "threads", "ms (median)", "GFLOP/s", "compulsory GB/s",
                  "STREAM triad GB/s", "compulsory / triad", "gathered GB/s", "speed-up vs 1 thread"], rows)


def allowed_ms(results, spmm, threads):
    """The ms the bandwidth target allows an SpMM measurement: its compulsory bytes at TARGET_SPMM_FRACTION of this
    run's triad at that thread count (None when either is missing)."""
    triad = stream_at(results, threads)
    return spmm and triad and spmm["compulsory_bytes"] / (TARGET_SPMM_FRACTION * triad * 1e6)


def plain_gather_rows(results):
    """(graph, order, d, threads, gather, spmm, target_ms) for each plain-gather measurement (vgae_bench_kernels 5.):
    the SpMM of the same order, width and threads, and the ms the bandwidth target allows that SpMM (its compulsory
    bytes at TARGET_SPMM_FRACTION of this run's triad at that thread count)."""
    out = []
    for g in results["graphs"]:
        spmm = {(s.get("order", "natural"), s["d"], s["threads"]): s for s in g["spmm"]}
        for f in g.get("plain_gather", []):
            s = spmm.get((f["order"], f["d"], f["threads"]))
            out.append((g["name"], f["order"], f["d"], f["threads"], f, s, allowed_ms(results, s, f["threads"])))
    return sorted(out, key=lambda r: (r[0] != BIG, r[0], r[1] != "natural", r[1], r[2], r[3]))


def plain_gather_table(results):
    rows = [[n, order, d, t, f"{f['ms_median']:.3f}", f["ahead"] or "none", f"{f['spmm_ms_median']:.3f}",
             fmt(f["spmm_ms_median"] / f["ms_median"], 2, "×"), fmt(target, 3),
             fmt(target and f["ms_median"] / target, 1, "×")]
            for n, order, d, t, f, s, target in plain_gather_rows(results)]
    return table(["graph", "node order", "d", "threads", "plain gather ms (median, best prefetch)",
                  "prefetch (non-zeros ahead)", "SpMM ms", "SpMM / plain gather",
                  f"ms the {100 * TARGET_SPMM_FRACTION:.0f} % target allows", "plain gather / allowed"], rows)


def random_rows_rows(results):
    """(graph, d, threads, measurement, cross-label non-zeros, their share of Â's non-zeros, their estimated ms,
    the ms the target allows the file-order SpMM of that width) for each random-rows measurement
    (vgae_bench_kernels 6.); the cross-label figures are None for a graph without labels."""
    out = []
    for g in results["graphs"]:
        spmm = {(s.get("order", "natural"), s["d"], s["threads"]): s for s in g["spmm"]}
        cross = known(g.get("cross_label_nnz"))
        for r in g.get("random_rows", []):
            target = allowed_ms(results, spmm.get(("natural", r["d"], r["threads"])), r["threads"])
            estimate = cross * r["ns_per_row"] / 1e6 if cross is not None else None
            share = cross / g["nnz"] if cross is not None and g.get("nnz") else None
            out.append((g["name"], r["d"], r["threads"], r, cross, share, estimate, target))
    return sorted(out, key=lambda x: (x[0] != BIG, x[0], x[1], x[2]))


def random_rows_table(results):
    rows = []
    for n, d, t, r, cross, share, estimate, target in random_rows_rows(results):
        gbs = 4.0 * d * r["rows"] / (r["ms_median"] * 1e6)
        triad = stream_at(results, t)
        rows.append([n, d, t, f"{r['table_rows']:,}", f"{r['ns_per_row']:.2f}", r["ahead"] or "none", f"{gbs:.1f}",
                     fmt_pct(triad and gbs / triad),
                     "no labels" if cross is None else f"{cross:,} ({fmt_pct(share)})",
                     fmt(estimate, 3), fmt(target, 3)])
    return table(["graph", "d", "threads", "table rows", "ns per row (best prefetch)", "prefetch (rows ahead)",
                  "GB/s of rows", "of triad", "non-zeros joining two labels", "their estimated ms",
                  f"ms the {100 * TARGET_SPMM_FRACTION:.0f} % target allows"], rows)


def known(x):
    return None if x is None or x < 0 else x


def overlap_rows(results):
    out = []
    for g in results["graphs"]:
        on, off = g["runs"].get("2r x 1t"), g["runs"].get("2r x 1t, no overlap")
        if not on:
            continue
        blocking = off and (off["breakdown_ms"] or {}).get("halo")
        wait = on["halo_wait_ms"]
        pair = 1 - wait / blocking if blocking and wait is not None else None
        out.append({"name": g["name"], "blocking": blocking, "wait": wait, "pair": pair,
                    "own": on["halo_hidden_fraction"], "pack": on.get("halo_pack_ms"),
                    "transfer": on.get("halo_transfer_hidden_fraction"), "ms_on": on["epoch_ms"]["median"],
                    # -1 (or absent, before the split existed): the ranks did not share one clock
                    "late": known(on.get("halo_peer_late_ms")),
                    "balanced": known(on.get("halo_hidden_fraction_less_peer_late")),
                    "ms_off": off and off["epoch_ms"]["median"], "interior": on.get("interior_rows"),
                    "work": on.get("compute_ms_per_rank"),
                    "boundary": on.get("boundary_rows"), "rounds": round_hidden(on)})
    return out


def round_hidden(run):
    """Each round's hidden fraction of the whole exchange, with waiting on a late peer taken out where known
    (results written before rounds were kept: the one run's figure)."""
    out = []
    for x in run.get("halo_rounds") or [run]:
        h = known(x.get("halo_hidden_fraction_less_peer_late"))
        h = h if h is not None else x.get("halo_hidden_fraction")
        if h is not None:
            out.append(h)
    return out


def fmt_rounds(fractions):
    return ", ".join(fmt_pct(h) for h in fractions) or "n/a"


def overlap_table(results):
    rows = [[o["name"], fmt(o["blocking"], 3), fmt(o["wait"], 3), fmt(o["pack"], 3), fmt(o["late"], 3),
             fmt_pct(o["pair"]), fmt_pct(o["own"]), fmt_pct(o["balanced"]), fmt_pct(o["transfer"]),
             fmt_rounds(o["rounds"]), per_rank(o["work"], lambda v: f"{v:,.1f}"), fmt(o["ms_on"], 2),
             fmt(o["ms_off"], 2),
             "n/a" if o["interior"] is None else f"{o['interior']} / {o['boundary']}"]
            for o in overlap_rows(results)]
    return table(["graph", "halo ms/epoch, blocking run", "halo ms/epoch, overlap run", "of which packing",
                  "of which waiting on the slower peer", "hidden (1 − overlap / blocking run)",
                  "hidden (run's own: whole exchange)", "hidden (whole exchange, slower peer's lateness out)",
                  "hidden (run's own: transfer only)", "hidden, lateness out, every round's overlapped run",
                  "own work ms/epoch per rank, overlap run (the spread is what a peer waits for)",
                  "ms/epoch overlap", "ms/epoch blocking",
                  "interior / boundary rows (both ranks)"], rows)


def model_table(results):
    rows = []
    for g in results["graphs"]:
        for label, m in g["model"].items():
            r = g["runs"].get(label)
            if not r or "oversubscribed" in label:
                continue
            measured = r["epoch_ms"]["median"]
            halo = r["halo_bytes_per_epoch"]
            neg = r["negative_bytes_per_epoch"]
            rows.append([g["name"], label, f"{m['gflop']:.3f}", f"{m['mem_mb']:.1f}",
                         f"{m['epoch_ms']:.2f} ({m['memory_ms']:.2f} + {m['loss_ms']:.2f} + {m['rng_ms']:.2f} + "
                         f"{m['comm_ms']:.2f})",
                         f"{measured:.2f}", f"{measured / m['epoch_ms']:.2f}",
                         f"{per_rank(m['halo_bytes'])}; {per_rank(halo)}", f"{per_rank(m['neg_bytes'])}; {per_rank(neg)}",
                         f"{fmt_bytes(m['allreduce_bytes'])}; {fmt_bytes(r['allreduce_bytes_per_epoch'])}"])
    return table(["graph", "config", "model GFLOP/rank", "model memory MB/rank",
                  "model ms/epoch (memory + loss + random numbers + messages)", "measured ms/epoch",
                  "measured / model", "halo bytes per rank: model; measured", "negative bytes per rank: model; measured",
                  "all-reduce bytes: model; measured"], rows)


def volume_table(results):
    """Communication volume at 4 ranks (oversubscribed: the time is not meaningful, the bytes are)."""
    rows = []
    for g in results["graphs"]:
        label = "4r x 1t (oversubscribed)"
        r, m = g["runs"].get(label), g["model"].get(label)
        if not r or not m:
            continue
        rows.append([g["name"], per_rank(m["owned_rows"], str), per_rank(m["halo_rows"], str),
                     per_rank(r["halo_bytes_per_epoch"]) + " (model " + per_rank(m["halo_bytes"]) + ")",
                     per_rank(r["negative_bytes_per_epoch"]) + " (model " + per_rank(m["neg_bytes"]) + ")",
                     per_rank(r["bytes_sent_per_epoch"]), per_rank(m["messages"], lambda v: f"{v:.0f}")])
    return table(["graph", "owned rows", "halo rows", "halo bytes/epoch", "negative bytes/epoch", "total sent/epoch",
                  "messages/epoch (model)"], rows)


def prediction(results):
    """The 16-rank, 10^9-edge, 100 Gb/s prediction under two partition scenarios, with this machine's rates."""
    t = 2
    bw = stream_at(results, t) or 10.0
    graphs = results["graphs"]
    # t_pair grows once the table leaves cache: take it from the graph with the most rows.
    largest = max(graphs, key=lambda g: g.get("rows", 0), default=None)
    ns = min((p["ns_per_pair"] for p in (largest or {}).get("pair_bce", []) if p["threads"] == t), default=40.0)
    big = next((g for g in graphs if g["name"] == BIG), graphs[-1] if graphs else None)
    m4 = big and big["model"].get("4r x 1t (oversubscribed)")
    halo, cut = (m4["halo_fraction"], m4["cut_fraction"]) if m4 else (0.3, 0.1)
    # The model's halo term is the transfer over the network, so the share of the transfer that overlap hid.
    hidden = next((o["transfer"] if o["transfer"] is not None else o["own"]
                   for o in overlap_rows(results) if o["name"] == (big and big["name"])), None) or 0.0
    src = f"{big['name']}, 4-part METIS" if m4 else "assumed"
    like = (f"partition like the measured one ({src}: halo {100 * halo:.0f} % of owned rows, {100 * cut:.0f} % of "
            f"positives cut, {100 * hidden:.0f} % of the halo hidden)")
    poor = "poor partition (halo = 2 × owned rows, 50 % of positives cut, nothing hidden)"
    rng = next((r for g in graphs for r in g.get("random", []) if r["threads"] == t), None)
    cases = [(f"{name}; {traffic}", cost_model.predict_large(bw, ns, *args, gathered=gathered, rng=rng))
             for traffic, gathered in (("compulsory traffic (optimistic)", False), ("cache-less traffic (conservative)", True))
             for name, args in ((like, (halo, cut, hidden)), (poor, (2.0, 0.5, 0.0)))]
    rows = [[name, f"{p['epoch_ms'] / 1e3:.1f}", f"{p['memory_ms'] / 1e3:.1f}",
             f"{p['loss_ms'] / 1e3:.1f} + {p['rng_ms'] / 1e3:.1f}",
             f"{p['halo_ms'] / 1e3:.2f}", f"{p['negative_ms'] / 1e3:.2f}", f"{p['allreduce_ms']:.2f} ms",
             f"{p['gflop']:.0f}", f"{p['mem_gb']:.1f}", f"{p['halo_gb']:.2f} / {p['neg_gb']:.2f}"] for name, p in cases]
    c = cost_model.LARGE
    head = (f"Assumptions: P = {c['P']} ranks (one per node, {t} threads each at this machine's rates: STREAM triad "
            f"{bw:.1f} GB/s, {ns:.1f} ns per scored pair on the {largest['rows'] if largest else 0}-row table of "
            f"{largest['name'] if largest else 'no graph'}), N = {c['N']:.0e} nodes of average degree {c['avg_degree']} "
            f"(10^9 undirected edges), F = {c['F']} dense features, h = 32, d = 16, VGAE, 5 negatives per positive; "
            f"network {c['net_gbs']} GB/s (100 Gb/s) per rank, {c['latency_us']} µs per message; halo hidden "
            f"behind interior compute as measured on 2 ranks. Traffic counted two ways: compulsory (every array once) "
            f"and cache-less (one input row per non-zero of Â): rows of a 10^8-node graph do not fit in cache, so "
            f"the truth is nearer the second; a pair's random rows are in t_pair, which is measured on the largest "
            f"table at hand and so is optimistic for 10^8 rows.\n\n")
    return head + table(["scenario", "s/epoch", "memory s", "loss + random numbers s", "halo s", "negatives s", "all-reduce",
                         "GFLOP/rank", "memory GB/rank", "halo / negative GB sent per rank"], rows)


def targets(results):
    rows = []
    ratios = ref_rows(results)
    if ratios:
        worst = min(ratios, key=lambda r: r[4])
        rows.append([f"≥ {TARGET_RATIO:.0f}× the PyTorch reference per epoch at equal threads, every dataset",
                     f"lowest {worst[4]:.1f}× ({worst[0]}, {worst[1]} thread(s))",
                     "met" if worst[4] >= TARGET_RATIO else "not met"])
    else:
        rows.append(["≥ 8× the PyTorch reference", "not measured", "n/a"])
    big = [r for r in spmm_rows(results) if r[0] == BIG and r[1] == 32 and r[7] == "natural"]
    if big:
        best = max(big, key=lambda r: r[5] or 0)
        gather = next((r for r in plain_gather_rows(results) if r[0] == BIG and r[1] == "natural" and r[2] == 32
                      and r[3] == best[2]), None)
        gather_note = "" if not gather or not gather[6] else (
            f"; a plain gather of its rows takes {fmt(gather[4]['ms_median'], 1)} ms, "
            f"{fmt(gather[4]['ms_median'] / gather[6], 1)}× the {fmt(gather[6], 1)} ms the target allows")
        rows.append([f"SpMM on the 10^7-edge graph ≥ {100 * TARGET_SPMM_FRACTION:.0f} % of measured bandwidth "
                     "(compulsory bytes, d = 32)", f"{100 * best[5]:.0f} % at {best[2]} thread(s){gather_note}",
                     "met" if best[5] >= TARGET_SPMM_FRACTION else "not met"])
        two = next((r for r in big if r[2] == 2), None)
        rows.append([f"SpMM 2 threads ≥ {TARGET_SPEEDUP}× one thread (10^7 edges)", fmt(two and two[6], 2, "×"),
                     "met" if two and two[6] >= TARGET_SPEEDUP else "not met"])
    else:
        rows += [["SpMM on the 10^7-edge graph ≥ 60 % of bandwidth", "not measured (no 10^7-edge graph)", "n/a"],
                 ["SpMM 2 threads ≥ 1.7× one thread", "not measured (no 10^7-edge graph)", "n/a"]]
    ov = [o for o in overlap_rows(results) if o["name"] == BIG]
    # The status uses the run's own figure for the whole exchange (packing included), against the exchange timed
    # blocking after a barrier (so with no waiting for a slower peer, which the blocking run's halo time holds),
    # and with the overlapped epochs' waiting for a peer that had not begun its side taken out where it is known.
    # Judged on the median over the rounds: one round's figure swings with this VM's spells (0.1 ms or 110 ms of
    # waiting in Finish for the same binary), while the epoch's other figures come from the fastest round.
    o = ov[0] if ov else None
    hidden = statistics.median(o["rounds"]) if o and o["rounds"] else None
    if ov:
        late = "" if o["late"] is None else f", {fmt(o['late'], 1)} ms of them waiting on the slower peer"
        measured = (f"{fmt_pct(hidden)} of the whole exchange, median of {len(o['rounds'])} round(s) "
                    f"({fmt_rounds(o['rounds'])}); the fastest round: packing "
                    f"{fmt(o['pack'], 1)} ms of {fmt(o['wait'], 1)} ms left{late}, with that waiting counted "
                    f"{fmt_pct(o['own'])}, transfer alone {fmt_pct(o['transfer'])}, {fmt_pct(o['pair'])} against "
                    "the blocking run")
    else:
        measured = "not measured (no 10^7-edge graph)"
    rows.append([f"2 ranks, 10^7 edges: ≥ {100 * TARGET_HIDDEN:.0f} % of the halo exchange hidden", measured,
                 "n/a" if hidden is None else "met" if hidden >= TARGET_HIDDEN else "not met"])
    return table(["target", "measured", "status"], rows)


def reduced_note(results):
    """What the graphs that ran the reduced suite (run_benchmarks.py REDUCED) left out, for the document's header."""
    out = ""
    for g in (g for g in results["graphs"] if g.get("reduced")):
        r = g["reduced"]
        configs = " and ".join(f'"{c}"' for c in r["configs"])
        out += (f' The graph "{g["name"]}" is too large for the defaults on this machine and runs a reduced suite: '
                f"only the configurations {configs}, at the widths and negatives its name gives (train --max-memory "
                f"{r['max_memory']}), no reference, and the SpMM in the orders {r['orders'].replace(',', ', ')} "
                f"only ({r['reps']} calls each).")
    return out


def render(results):
    notes = "\n".join(f"- {n}" for n in results["notes"]) or "- none"
    order_note = lambda r: (
        f" The shared datasets' files were made with `prep --node-order {r['node_order']}` (nodes renumbered so that "
        "neighbours get nearby rows; the same graph, features and split procedure), and the reference reads the "
        "original files: vgae_dist's figures include what that order buys, the SpMM's \"natural\" rows below are "
        "that file order. The generated graphs keep `gen`'s order." if r.get("node_order", "natural") != "natural"
        else "")
    rounds_note = lambda r: "" if r.get("rounds") is None else (  # runs before rounds existed say nothing
        " Each configuration ran once." if r["rounds"] == 1 else
        f" Each time is the fastest of {r['rounds']} rounds; a round runs every configuration of one graph once, "
        "ours and then the reference, so a configuration's runs are spread over that graph's whole measurement and "
        "ours and the reference meet the same spells of a slower machine.")
    load = results["machine"].get("load average at start (1, 5, 15 min)")
    cores = int(results["machine"].get("CPU(s)", "0") or 0)
    busy = (f" **The machine was busy when the run started (load {load} on {cores} cores): times are inflated, "
            "byte counts are not.**") if load and cores and float(load.split()[0]) > 0.5 * cores else ""
    quick = (" **This is a `--quick` smoke run (few epochs, small datasets): its figures are not the suite's "
             "results.**") if results.get("quick") else ""
    return f"""# Benchmarks

Generated by `{results.get('command', 'bench/run_benchmarks.py')}` ({results['started']} – {results.get('finished', 'unfinished')}) with
`{results.get('version', 'vgae_dist')}`.{quick}{busy}
Every figure below was measured in that one invocation on the machine described here; the cost model is
docs/PERFORMANCE.md. vgae_dist trains VGAE (h = 32, d = 16, 5 negatives per positive, tkipf weighting: the
defaults) with evaluation only after the last epoch; the reference runs the same widths, negatives, weighting,
epochs and threads (`ref_vgae.py --neg-ratio 5 --tkipf-weighting`).{rounds_note(results)}{order_note(results)}{reduced_note(results)}

## Targets

{targets(results)}
## Machine

{machine(results)}
## Time per epoch, breakdown, bytes and memory

Breakdown columns are ms per epoch (median over epochs, max over ranks); "eval" is the run's total evaluation time.
The 4-rank runs oversubscribe 2 cores: their times are not meaningful, their byte counts are.
"Graph bytes" are what the graph cost: the ranks' peak resident sets minus each rank's peak before it read the
graph (MPI, HDF5 and the C++ runtime, about 27 MiB a rank), summed over ranks, per node and per undirected
training edge.

{epochs_table(results)}
## Against the PyTorch reference

{ref_table(results)}
## SpMM against memory bandwidth

`vgae_bench_kernels`: Â·M with M of width d (float32, row-major), the training graph's GCN operator on one rank.
Compulsory bytes = indptr (8 B/row) + indices and values (8 B per non-zero) + M read once + output written once:
the traffic no implementation avoids, so GB/s under it is a lower bound on what memory delivered; this is the
model the target uses. Gathered bytes count one input row per non-zero (what a cache-less machine would move).
"bfs", "rcm", "metis" and "label" rows time the same operator with the nodes renumbered breadth-first, by reverse
Cuthill–McKee, part by part of a METIS k-way partition into parts of 2048 nodes (256 KiB of 32-float rows), or by
the file's labels (a generated graph's communities); none is what training uses: they measure how much a
locality-aware numbering would buy. The targets use the file's order.

{spmm_table(results)}
### The SpMM against a plain gather of its rows

`vgae_bench_kernels` again, on the same operator and rows: each output row the plain sum of its input rows (no
values, no multiplies), the rows split into the SpMM's chunks, with software prefetch 0 (none), 8, 16, 32, 64 or
128 non-zeros ahead, and the best of those medians kept; each round times every distance and then the SpMM once
("SpMM ms" here is the median of those calls), so both meet the same spells of the machine. The loop reads the
column stream and every row it names and writes the output: the SpMM with its arithmetic taken away. It is not a
proven lower bound (the SpMM's own prefetching can beat it), but where the two take about the same time the
SpMM's time is its memory access pattern, and where the loop takes several times what the target allows ("ms the
{100 * TARGET_SPMM_FRACTION:.0f} % target allows": the SpMM's compulsory bytes at {100 * TARGET_SPMM_FRACTION:.0f} % of this run's STREAM triad at the same
thread count), meeting it needs the rows gathered that many times faster, not faster arithmetic.

{plain_gather_table(results)}
### Rows no numbering keeps together

`vgae_bench_kernels` once more: rows of a table as large as the SpMM's source (d = 32), chosen uniformly at
random, summed sixteen at a time, best of the same prefetch distances: what a gather costs when nothing about its
address is predictable. A generated graph draws a fraction μ (`gen --mixing`, 0.1 here) of every node's edges to
uniformly chosen other communities; its file keeps the communities (`/nodes/label`), so the non-zeros of Â that
join two of them are counted. In any numbering that keeps communities together those rows come from all over the
table: their count times the random-row time estimates what they alone cost an SpMM, every other gather taken as
free (rows the caches happen to hold are in the measured rate as they would be in the SpMM's). The "label" rows of
the SpMM table above time that numbering (nodes sorted by community): the SpMM a perfect community detector would
give this graph.

{random_rows_table(results)}
## Halo exchange hidden behind interior compute (2 ranks)

From one pair of runs, the fastest round of each: the same graph with the overlapped exchange and with
`--no-overlap` (blocking). The column "every round's overlapped run" has the hidden fraction of each round's
overlapped run, in round order; the target row uses their median.

{overlap_table(results)}
## Communication volume at 4 ranks

{volume_table(results)}
## Cost model against the measurements

Model figures are the maximum over ranks (bench/cost_model.py; docs/PERFORMANCE.md). Predicted time = compulsory
memory traffic at this run's STREAM triad + scored pairs at the measured ns per pair + Philox draws (negatives,
ε) at the measured ns per block + messages (shared memory: half the copy bandwidth, 1 µs each). Per-rank lists are rank 0 / rank 1 / ...

{model_table(results)}
## Prediction: 16 ranks, 10^9 edges, 100 Gb/s

{prediction(results)}
## Notes

{notes}

## Reproduce

```
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j --target vgae_dist vgae_bench_kernels
bench/run_benchmarks.py                 # full suite, writes this file: tens of minutes on a quiet machine,
                                        # most of it the 10^7-edge graph (and its PyTorch reference: --no-ref
                                        # skips the reference, --generated 1e6 the large graph); needs `vgae_dist gen`
bench/run_benchmarks.py --quick --out /tmp/b.md   # smoke test, a few minutes
bench/run_benchmarks.py --render-only   # re-render from /tmp/vgae_bench/results.json
```
"""
