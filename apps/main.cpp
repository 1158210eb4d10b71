// vgae_dist: prep → split → partition → train. The only place errors become exit codes: a failing rank
// prints "[rank r] error: ...", removes partial outputs and aborts every rank, so none is left hanging.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <optional>

#include "apps/stages.h"
#include "dist/mpi_env.h"
#include "io/output.h"

namespace {

int Run(int argc, char** argv, const vgae::dist::Comm& comm) {
  CLI::App app{"vgae_dist: distributed VGAE/GAE link prediction (Kipf & Welling 2016) on METIS-partitioned graphs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("vgae_dist ") + VGAE_VERSION);

  vgae::app::PrepOptions prep;
  auto* p = app.add_subcommand("prep", "Read an edge list (and features) into a graph file");
  p->add_option("--edges", prep.edges, "Edge list: one 'u v' per line, 0-based ids, '#' comments")->required();
  p->add_option("--features", prep.features, "Node features, Matrix Market (N x F)");
  p->add_option("--num-nodes", prep.num_nodes, "Number of nodes when there are no features (default: largest id + 1)");
  p->add_option("--out", prep.out, "Graph file to create (HDF5)")->required();

  vgae::app::SplitOptions split;
  auto* s = app.add_subcommand("split", "Split edges into train/val/test with sampled negatives");
  s->add_option("graph", split.graph, "Graph file")->required();
  s->add_option("--val", split.val, "Fraction of edges for validation")->capture_default_str();
  s->add_option("--test", split.test, "Fraction of edges for test")->capture_default_str();
  s->add_option("--seed", split.seed, "Seed of the split")->capture_default_str();

  vgae::app::PartitionOptions part;
  auto* q = app.add_subcommand("partition", "Partition the training graph for K ranks");
  q->add_option("graph", part.graph, "Graph file")->required();
  q->add_option("--parts", part.parts, "Number of parts (= MPI ranks of train)")->required();
  q->add_option("--method", part.method, "metis | hash | block")->capture_default_str();
  q->add_option("--seed", part.seed, "Seed (METIS, hash)")->capture_default_str();

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (comm.rank() == 0) return app.exit(e);
    return e.get_exit_code();
  }
  const bool serial_stage = !t->parsed();
  if (serial_stage) {
    // The serial stages run on rank 0; other ranks of an mpirun wait for it.
    if (comm.rank() == 0) {
      if (p->parsed()) vgae::app::RunPrep(prep);
      if (s->parsed()) vgae::app::RunSplit(split);
      if (q->parsed()) vgae::app::RunPartition(part);
    }
    comm.Barrier();
    return 0;
  }
  vgae::app::RunTrain(comm, train);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int rank = 0;
  // MPI must outlive the try block: were it finalized while unwinding, a failing rank would block in
  // MPI_Finalize while the others wait in a collective, and the abort below would never be reached.
  std::optional<vgae::dist::MpiEnvironment> mpi;
  try {
    mpi.emplace(&argc, &argv);
    rank = mpi->Rank();
    const auto comm = vgae::dist::Comm::World();
    return Run(argc, argv, comm);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "[rank %d] error: %s\n", rank, e.what());
    std::fflush(stderr);
    vgae::io::RemovePartialOutputs();
    vgae::dist::AbortAll(1);
  }
}
