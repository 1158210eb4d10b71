// vgae_dist: prep → split → partition → train. The only place errors become exit codes: a failing rank
// prints "[rank r] error: ...", removes partial outputs and aborts every rank, so none is left hanging.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <optional>

#include "apps/stages.h"
#include "git_revision.h"  // VGAE_GIT_REVISION, written at build time (cmake/GitRevision.cmake)
#include "dist/mpi_env.h"
#include "io/output.h"

namespace {

int Run(int argc, char** argv, std::optional<vgae::dist::MpiEnvironment>& mpi, int& rank) {
  CLI::App app{"vgae_dist: distributed VGAE/GAE link prediction (Kipf & Welling 2016) on METIS-partitioned graphs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("vgae_dist ") + VGAE_VERSION + " (git " + VGAE_GIT_REVISION + ")");
  // Any option can come from a TOML/INI file, one [stage] section per stage; flags on the command line win.
  // Unknown keys are errors, so a typo in the file is not silently ignored.
  app.set_config("--config", "", "Read options from a TOML/INI file: [train] epochs = 50, ... (flags override it)");
  app.allow_config_extras(CLI::config_extras_mode::error);
  app.fallthrough();  // --config may also follow the stage name
  app.footer("Pipeline: prep (or gen) -> split -> [partition] -> train (mpirun -n K for K ranks) -> predict.\n"
             "Run 'vgae_dist <stage> --help' for a stage's options and their defaults.");

  vgae::app::PrepOptions prep;
  auto* p = app.add_subcommand("prep", "Read an edge list (and features) into a graph file");
  p->add_option("--edges", prep.edges,
                "Edge list: one 'u v' per line (non-negative 64-bit ids, '#'/'%' comments; .gz read directly)")
      ->required();
  p->add_option("--features", prep.features,
                "Node features (N x F; row r = original id r): Matrix Market, .npy (float32/64), or FILE.h5:/dataset");
  p->add_option("--num-nodes", prep.num_nodes,
                "Nodes are ids 0..N-1 (default: the feature rows; without features, the edge list's distinct ids, "
                "renumbered in ascending order)");
  p->add_option("--threads", prep.threads, "Threads that parse and sort (0: every core, at most 8)")
      ->capture_default_str();
  p->add_option("--out", prep.out, "Graph file to create (HDF5)")->required();
  p->add_option("--labels", prep.labels,
                "Node labels, one integer per line in node order (-1: unknown); stored as /nodes/label for reports");
  p->add_option("--node-order", prep.node_order,
                "natural: node ids as numbered; rcm: renumber nodes by reverse Cuthill-McKee, so neighbours get "
                "nearby rows (faster epochs on graphs past the caches; /nodes/original_id keeps the input's ids, and "
                "embeddings list nodes in the new order). One process only")
      ->check(CLI::IsMember({"natural", "rcm"}))
      ->capture_default_str();
  p->add_flag("--quiet", prep.quiet, "Print nothing but errors (no progress, no summary)");

  vgae::app::GenOptions gen;
  auto& m = gen.model;
  auto* g = app.add_subcommand("gen", "Generate a synthetic graph file (degree-corrected SBM with community features)");
  g->add_option("--nodes", m.nodes, "Number of nodes")->required();
  g->add_option("--avg-degree", m.avg_degree, "Expected mean degree (before duplicate draws are merged)")
      ->capture_default_str();
  g->add_option("--communities", m.communities, "Number of communities (stored as /nodes/label)")->capture_default_str();
  g->add_option("--mixing", m.mixing, "Fraction of drawn edges that leave their community")->capture_default_str();
  g->add_option("--exponent", m.exponent, "Power-law exponent of the degrees (> 2)")->capture_default_str();
  g->add_option("--feature-dim", m.feature_dim, "Dense features per node (community centroid + unit noise)")
      ->capture_default_str();
  g->add_option("--feature-signal", m.signal, "Scale of the community centroids against the unit noise")
      ->capture_default_str();
  g->add_option("--seed", m.seed, "Seed: the graph is a function of the options, not of the rank count")
      ->capture_default_str();
  g->add_option("--out", gen.out, "Graph file to create (HDF5)")->required();
  g->add_flag("--quiet", gen.quiet, "Print nothing but errors (no progress, no summary)");

  vgae::app::SplitOptions split;
  auto* s = app.add_subcommand("split", "Split edges into train/val/test with sampled negatives");
  s->add_option("graph", split.graph, "Graph file")->required();
  s->add_option("--val", split.val, "Fraction of edges for validation")->capture_default_str();
  s->add_option("--test", split.test, "Fraction of edges for test")->capture_default_str();
  s->add_option("--seed", split.seed, "Seed of the split")->capture_default_str();
  s->add_flag("--quiet", split.quiet, "Print nothing but errors (no progress, no summary)");

  vgae::app::PartitionOptions part;
  auto* q = app.add_subcommand("partition", "Partition the training graph for K ranks");
  q->add_option("graph", part.graph, "Graph file")->required();
  q->add_option("--parts", part.parts, "Number of parts (= MPI ranks of train); a list such as 2,4,8,16 stores one each")
      ->required()
      ->delimiter(',');
  q->add_option("--method", part.method,
                "metis | hash | block | ptscotch (PT-Scotch, distributed: mpirun -n P vgae_dist partition ...)")
      ->capture_default_str();
  q->add_option("--seed", part.seed, "Seed (METIS, PT-Scotch, hash)")->capture_default_str();
  q->add_flag("--report", part.report,
              "Print a table per K: edge cut, halo nodes per rank (max/mean), bytes each rank sends per training "
              "epoch, imbalance, partition time and peak memory");
  q->add_option("--report-format", part.report_format,
                "text | markdown | json (JSON lines); markdown and json print the table alone")
      ->check(CLI::IsMember({"text", "markdown", "json"}))
      ->capture_default_str();
  q->add_option("--model", part.model, "Report: the model whose halo traffic is counted (vgae | gae)")
      ->check(CLI::IsMember({"vgae", "gae"}))
      ->capture_default_str();
  q->add_option("--hidden", part.hidden, "Report: hidden GCN width of that model")->capture_default_str();
  q->add_option("--latent", part.latent, "Report: embedding width of that model")->capture_default_str();
  q->add_flag("--quiet", part.quiet, "Print nothing but errors (no progress, no summary)");

  vgae::app::PredictOptions predict;
  auto* r = app.add_subcommand("predict", "List the most likely new links of nodes from trained embeddings");
  r->add_option("embeddings", predict.embeddings, "Embeddings file (train --out)")->required();
  r->add_option("--graph", predict.graph, "Graph file the embeddings were trained on (its edges are excluded)")
      ->required();
  r->add_option("--node", predict.node, "Original id of the query node (as in the input edge list)");
  r->add_option("--nodes", predict.nodes_file, "File of query nodes: one original id per line, '#' comments");
  r->add_option("--top", predict.top, "Links listed per query node")->capture_default_str();
  r->add_option("--out", predict.out, "Also write the links as TSV: query, rank, node, score, logit");
  r->add_flag("--quiet", predict.quiet, "No table on stdout");

  vgae::app::TrainOptions train;
  auto& c = train.config;
  auto* t = app.add_subcommand("train", "Train GAE/VGAE on every rank's shard; write embeddings and metrics");
  t->add_option("graph", train.graph, "Graph file (after split, and partition for K > 1 ranks)")->required();
  t->add_option("--model", train.model, "vgae | gae")->capture_default_str();
  t->add_option("--loss", train.loss, "sampled | dense (tkipf/gae's weighted BCE over all N^2 pairs)")->capture_default_str();
  t->add_option("--neg-ratio", c.neg_ratio, "Sampled negatives per positive edge")->capture_default_str();
  t->add_option("--recon-weighting", train.weighting,
                "Sampled loss: means (mean over edges + mean over negatives) | tkipf (positives A+I, halved)")
      ->capture_default_str();
  t->add_option("--hidden", c.hidden, "Hidden GCN width")->capture_default_str();
  t->add_option("--latent", c.latent, "Embedding width")->capture_default_str();
  t->add_option("--lr", c.lr, "Adam learning rate")->capture_default_str();
  t->add_option("--epochs", c.epochs, "Epochs")->capture_default_str();
  t->add_option("--seed", c.seed, "Seed of init, noise and negatives")->capture_default_str();
  t->add_option("--features", train.features, "stored | none (identity features: GAE*/VGAE*)")->capture_default_str();
  t->add_option("--feature-norm", train.feature_norm, "l2 (rows of unit length) | row (rows sum to 1) | row-mean (rows sum to the mean row sum) | none")->capture_default_str();
  t->add_option("--eval-every", c.eval_every, "Validation AUC/AP every N epochs (0: at the end only)")->capture_default_str();
  t->add_option("--out", train.out, "Embeddings file to write (HDF5)");
  t->add_option("--metrics", train.metrics, "Metrics JSON to write");
  t->add_flag("--quiet", train.quiet, "No per-epoch lines");
  t->add_option("--log-format", train.log_format,
                "text (one line per epoch; a live progress bar on a terminal) | json (one JSON object per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  t->add_option("--threads", train.threads,
                "Threads per rank (0: OMP_NUM_THREADS if set, else this node's cores / its ranks); results do not "
                "depend on it")
      ->capture_default_str();
  t->add_flag("!--no-overlap", c.overlap,
              "Wait for each halo exchange before computing (default: compute interior rows while it is in flight)");
  t->add_option("--checkpoint-dir", train.checkpoint_dir, "Directory of checkpoints (created if missing)");
  t->add_option("--checkpoint-every", train.checkpoint_every, "Checkpoint every N epochs (0: only on SIGTERM/SIGUSR1)")
      ->capture_default_str();
  t->add_option("--keep-checkpoints", train.keep_checkpoints, "Checkpoints kept in --checkpoint-dir")->capture_default_str();
  t->add_flag("--resume", train.resume, "Continue from the checkpoint --checkpoint-dir/LATEST names");
  t->add_option("--max-memory", train.max_memory,
                "Refuse to train when a rank's estimated peak exceeds this (bytes; K/M/G suffixes; default: "
                "MemAvailable / ranks on the node)");

  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; }))
    sub->footer("Every option can also be set in the [" + sub->get_name() +
                "] section of a --config FILE (TOML/INI); options given here override the file.");

  const int launch_rank = vgae::dist::LauncherRank();
  const int launch_size = vgae::dist::LauncherSize();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (launch_rank == 0) return app.exit(e);
    return e.get_exit_code();
  }
  gen.effective_config = g->config_to_str(true, false);
  split.effective_config = s->config_to_str(true, false);
  prep.effective_config = p->config_to_str(true, false);
  if ((g->parsed() || s->parsed() || p->parsed()) && launch_size > 1) {
    // Parallel stages: every rank takes its block of rows (prep: its byte range of the edge list). MPI only when
    // there are several ranks.
    mpi.emplace(&argc, &argv);
    rank = mpi->Rank();
    const auto comm = vgae::dist::Comm::World();
    if (g->parsed()) vgae::app::RunGen(gen, &comm);
    if (s->parsed()) vgae::app::RunSplit(split, &comm);
    if (p->parsed()) vgae::app::RunPrep(prep, &comm);
    return 0;
  }
  // partition --method ptscotch is distributed too: every rank takes part (MPI even for one process, since
  // PT-Scotch needs a communicator).
  const bool distributed_partition = q->parsed() && part.method == "ptscotch";
  if (!t->parsed() && !distributed_partition) {
    // One process: no MPI at all (a singleton MPI_Init forks a daemon; nothing here needs it). Under mpirun or
    // srun the serial stages run on the first process and the others leave at once; a failure still fails the job.
    if (launch_rank != 0) return 0;
    // The effective options (file, flags and defaults) as TOML, stored with each stage's output.
    part.effective_config = q->config_to_str(true, false);
    if (p->parsed()) vgae::app::RunPrep(prep, nullptr);
    if (g->parsed()) vgae::app::RunGen(gen, nullptr);
    if (s->parsed()) vgae::app::RunSplit(split, nullptr);
    if (q->parsed()) vgae::app::RunPartition(part);
    if (r->parsed()) vgae::app::RunPredict(predict);
    return 0;
  }
  mpi.emplace(&argc, &argv);
  rank = mpi->Rank();
  const auto comm = vgae::dist::Comm::World();
  if (distributed_partition) {
    part.effective_config = q->config_to_str(true, false);
    vgae::app::RunPartitionDistributed(comm, part);
    return 0;
  }
  return vgae::app::RunTrain(comm, train);
}

}  // namespace

int main(int argc, char** argv) {
  int rank = 0;
  // MPI must outlive the try block: were it finalized while unwinding, a failing rank would block in
  // MPI_Finalize while the others wait in a collective, and the abort below would never be reached.
  std::optional<vgae::dist::MpiEnvironment> mpi;
  try {
    return Run(argc, argv, mpi, rank);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "[rank %d] error: %s\n", rank, e.what());
    std::fflush(stderr);
    vgae::io::RemovePartialOutputs();
    vgae::dist::AbortAll(1);
  }
}
