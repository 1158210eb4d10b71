// partition: the training graph into K parts for each requested K, stored per K with its quality figures, and
// (--report) a table of what each K costs a training rank. metis, hash and block run on one process holding
// the whole training graph; ptscotch runs on every MPI rank, each holding one block of rows.
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "apps/partition_report.h"
#include "apps/stage_progress.h"
#include "apps/stages.h"
#include "core/error.h"
#include "dist/distributed_partition.h"
#include "io/format.h"
#include "io/graph_file.h"
#include "io/graph_reader.h"
#include "io/system_memory.h"
#include "partition/partition.h"

namespace vgae::app {
namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// The model whose halo traffic --report counts (features do not matter: the halo carries P0, never X).
core::EncoderShape ReportShape(const PartitionOptions& o) {
  if (o.model != "vgae" && o.model != "gae")
    throw ConfigError(detail::Concat("unknown --model '", o.model, "'; expected vgae or gae"));
  if (o.hidden < 1 || o.latent < 1)
    throw ConfigError(detail::Concat("--hidden and --latent must be at least 1, found ", o.hidden, " and ", o.latent));
  return core::EncoderShape{0, o.hidden, o.latent, o.model == "vgae"};
}

// With a Markdown or JSON report stdout holds the table alone, so scripts can use it as it is.
bool ProgressQuiet(const PartitionOptions& o) {
  return o.quiet || (o.report && ParseReportFormat(o.report_format) != ReportFormat::kText);
}

// Every K is checked before any is partitioned, so a bad K late in the list leaves no partition behind.
void CheckEveryPartCount(std::int64_t nodes, const std::vector<int>& parts) {
  for (const int k : parts) partition::CheckPartCount(nodes, k);
}

double PeakMib() { return static_cast<double>(io::PeakResidentBytes().value_or(0)) / (1024.0 * 1024.0); }

// One K's result as the stage keeps it until written.
struct Result {
  std::vector<Rank> part;
  partition::PartitionQuality quality;
};

void Write(io::H5File& file, const PartitionOptions& o, partition::Method method, int parts, const Result& r) {
  const auto& q = r.quality;
  io::WritePartition(file, parts, r.part, {partition::MethodName(method), o.seed, q.edge_cut, q.edge_cut_fraction,
                                           q.imbalance, q.max_halo});
  file.SetAttr(io::names::PartitionGroup(parts), io::names::kConfigAttr, o.effective_config);
}

std::string SummaryLine(const PartitionOptions& o, partition::Method method, int parts,
                        const partition::PartitionQuality& q, std::int64_t undirected_edges) {
  std::ostringstream summary;
  summary << "partition: " << o.graph << ": k=" << parts << " (" << partition::MethodName(method) << ") edge cut "
          << q.edge_cut << "/" << undirected_edges << " (" << std::fixed << std::setprecision(1)
          << 100.0 * q.edge_cut_fraction << "%), imbalance " << std::setprecision(3) << q.imbalance
          << ", largest halo " << q.max_halo << " nodes";
  return summary.str();
}

void PrintReport(const PartitionOptions& o, std::span<const partition::ReportRow> rows) {
  if (!o.report) return;
  std::cout << FormatReport(rows, ParseReportFormat(o.report_format), std::filesystem::path(o.graph).stem().string(),
                            ReportShape(o))
            << std::flush;
}

}  // namespace

void RunPartition(const PartitionOptions& o) {
  const auto method = partition::ParseMethod(o.method);
  const auto shape = ReportShape(o);  // bad report flags fail before any work
  StageProgress progress("partition", ProgressQuiet(o));
  progress.Begin("reading the training graph");
  auto file = io::OpenGraphFile(o.graph, true);
  const auto train = io::ReadTrainGraph(file);
  const auto edges = train.Nnz() / 2;
  progress.End(detail::Concat(train.rows, " nodes, ", edges, " undirected edges"));
  CheckEveryPartCount(train.rows, o.parts);
  std::vector<partition::ReportRow> rows;
  for (const int parts : o.parts) {
    // METIS is one call: a phase line, no fraction.
    progress.Begin(detail::Concat("partitioning into ", parts, " parts (", partition::MethodName(method), ")"));
    io::ResetPeakResident();  // the peak of this K alone (the training graph stays resident throughout)
    const auto start = Clock::now();
    Result r{partition::PartitionGraph(train.View(), parts, method, o.seed), {}};
    const double seconds = Seconds(start, Clock::now());
    const double peak = PeakMib();
    progress.End();
    progress.Begin("measuring cut and halos");
    r.quality = partition::EvaluatePartition(train.View(), r.part, parts);
    progress.End();
    progress.Begin("writing the partition");
    Write(file, o, method, parts, r);
    progress.End();
    progress.Summary(SummaryLine(o, method, parts, r.quality, edges));
    rows.push_back(partition::MakeReportRow(partition::MethodName(method), r.quality, edges, shape, seconds, peak));
  }
  PrintReport(o, rows);
}

void RunPartitionDistributed(const dist::Comm& comm, const PartitionOptions& o) {
  const auto method = partition::ParseMethod(o.method);
  VGAE_CHECK(method == partition::Method::kPtScotch);
  const auto shape = ReportShape(o);
  const bool root = comm.rank() == 0;
  StageProgress progress("partition", ProgressQuiet(o) || !root);
  std::vector<Result> results;
  std::vector<partition::ReportRow> rows;
  std::int64_t edges = 0;
  {
    // Collective open; closed on every rank before rank 0 reopens the file to write.
    const io::GraphReader reader(o.graph, comm.raw());
    CheckEveryPartCount(reader.Info().num_nodes, o.parts);
    const auto vtxdist = dist::BlockVtxdist(reader.Info().num_nodes, comm.size());
    const auto first = vtxdist[comm.rank()];
    progress.Begin(detail::Concat("reading the training graph in ", comm.size(), " row blocks"));
    const auto block = reader.ReadTrainRowBlock(first, vtxdist[comm.rank() + 1]);
    edges = comm.AllreduceSum<std::int64_t>(block.Nnz()) / 2;
    progress.End(detail::Concat(reader.Info().num_nodes, " nodes, ", edges, " undirected edges"));
    for (const int parts : o.parts) {
      progress.Begin(detail::Concat("partitioning into ", parts, " parts (ptscotch, ", comm.size(), " processes)"));
      io::ResetPeakResident();
      comm.Barrier();
      const auto start = Clock::now();
      const auto mine = dist::PtScotchKway(comm, block.View(), vtxdist, parts, o.seed);
      const double seconds = comm.AllreduceMax<double>(Seconds(start, Clock::now()));
      const double peak = comm.AllreduceMax<double>(PeakMib());
      progress.End();
      progress.Begin("measuring cut and halos");
      Result r{comm.Allgatherv<Rank>(mine), {}};
      r.quality = dist::EvaluateRowBlocks(comm, block.View(), first, r.part, parts);
      progress.End();
      rows.push_back(partition::MakeReportRow(partition::MethodName(method), r.quality, edges, shape, seconds, peak));
      if (root) results.push_back(std::move(r));
    }
  }
  comm.Barrier();
  if (root) {
    progress.Begin("writing the partitions");
    auto file = io::OpenGraphFile(o.graph, true);
    for (std::size_t i = 0; i < results.size(); ++i) Write(file, o, method, o.parts[i], results[i]);
    progress.End();
    for (std::size_t i = 0; i < results.size(); ++i)
      progress.Summary(SummaryLine(o, method, o.parts[i], results[i].quality, edges));
    PrintReport(o, rows);
  }
  // Nobody leaves before rank 0 has written: a failure there still aborts every rank (main).
  comm.Barrier();
}

}  // namespace vgae::app
