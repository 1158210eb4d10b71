// predict: the K most likely new links of query nodes (given by original id) from trained embeddings, scored
// sigmoid(μ_q·μ_j) over every node j that is neither q nor an existing neighbour of q in the full graph.
// Exact at any size: μ is streamed in row blocks (memory O(block·d + queries·K)); the work is one matrix
// product per block (README, "A five-minute tour": the large-graph recipe).
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "apps/stages.h"
#include "core/error.h"
#include "core/top_links.h"
#include "io/embeddings_file.h"
#include "io/graph_file.h"
#include "io/id_list.h"
#include "io/output.h"

namespace vgae::app {
namespace {

// Rows per block: about 16M floats of logits and μ at once, whatever the width and query count.
std::int64_t BlockRows(std::int64_t n, int dim, std::size_t queries) {
  const auto width = std::max<std::int64_t>({dim, static_cast<std::int64_t>(queries), 1});
  return std::clamp<std::int64_t>((std::int64_t{1} << 24) / width, 1024, std::max<std::int64_t>(n, 1));
}

std::string Table(const core::TopLinks& top, std::span<const std::int64_t> query_ids,
                  std::span<const std::int64_t> original, bool tsv) {
  std::ostringstream out;
  char line[160];
  if (tsv) out << "query\trank\tnode\tscore\tlogit\n";
  else out << "   query  rank      node     score     logit\n";
  for (std::size_t q = 0; q < top.NumQueries(); ++q) {
    const auto links = top.Result(q);
    for (std::size_t r = 0; r < links.size(); ++r) {
      const auto node = static_cast<long long>(original[static_cast<std::size_t>(links[r].node)]);
      const double score = core::Sigmoid(links[r].logit);
      std::snprintf(line, sizeof line, tsv ? "%lld\t%zu\t%lld\t%.6f\t%.6f\n" : "%8lld  %4zu  %8lld  %.6f  %8.4f\n",
                    static_cast<long long>(query_ids[q]), r + 1, node, score, static_cast<double>(links[r].logit));
      out << line;
    }
  }
  return out.str();
}

}  // namespace

void RunPredict(const PredictOptions& o) {
  if (o.node.has_value() == !o.nodes_file.empty())
    throw ConfigError("predict needs exactly one of --node ID and --nodes FILE");
  if (o.top < 1) throw ConfigError(detail::Concat("--top must be at least 1, found ", o.top));
  const std::vector<std::int64_t> query_ids =
      o.node ? std::vector<std::int64_t>{*o.node} : io::ReadIdList(o.nodes_file);

  const io::EmbeddingsReader embeddings(o.embeddings);
  const auto graph = io::OpenGraphFile(o.graph, false);
  io::CheckSameNodes(graph, embeddings);
  const auto original = embeddings.ReadOriginalIds();
  const auto queries = io::NodesOfOriginalIds(original, query_ids, o.node ? "--node" : o.nodes_file);

  core::TopLinks top(queries, embeddings.ReadMu(queries), io::ReadGraphNeighbours(graph, queries), o.top);
  const std::int64_t n = embeddings.NumNodes();
  const std::int64_t block = BlockRows(n, embeddings.Dim(), queries.size());
  for (std::int64_t begin = 0; begin < n; begin += block) {
    const auto count = std::min(block, n - begin);
    top.ScoreBlock(embeddings.ReadMuRows(begin, count), begin);
  }
  if (!o.quiet) {
    std::printf("predict: %s (%lld nodes, d = %d) on %s: top %d new links of %zu node%s (existing edges excluded)\n",
                o.embeddings.c_str(), static_cast<long long>(n), embeddings.Dim(), o.graph.c_str(), o.top,
                queries.size(), queries.size() == 1 ? "" : "s");
    std::fputs(Table(top, query_ids, original, false).c_str(), stdout);
  }
  if (!o.out.empty()) io::WriteTextAtomically(o.out, Table(top, query_ids, original, true));
}

}  // namespace vgae::app
