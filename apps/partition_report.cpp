#include "apps/partition_report.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "core/error.h"

namespace vgae::app {
namespace {

std::string Fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

double Mib(double bytes) { return bytes / (1024.0 * 1024.0); }

// The cells of one row, in the column order of Header().
std::vector<std::string> Cells(const partition::ReportRow& r, const std::string& graph) {
  return {graph,
          r.method,
          std::to_string(r.parts),
          std::to_string(r.edge_cut),
          Fixed(100.0 * r.edge_cut_fraction, 1),
          std::to_string(r.halo_max),
          Fixed(r.halo_mean, 1),
          Fixed(Mib(static_cast<double>(r.send_bytes_max)), 3),
          Fixed(Mib(r.send_bytes_mean), 3),
          Fixed(r.imbalance, 3),
          Fixed(r.seconds, 3),
          Fixed(r.peak_mb, 1)};
}

std::vector<std::string> Header() {
  return {"graph", "method", "K", "edge cut", "cut %", "halo max", "halo mean", "sent/epoch max MiB",
          "sent/epoch mean MiB", "imbalance", "time s", "peak MiB"};
}

// What the traffic columns count, under the text and Markdown tables.
std::string TrafficNote(const core::EncoderShape& shape) {
  return detail::Concat("sent/epoch: halo rows a rank sends in the 4 gathers of one training step (",
                        shape.variational ? "VGAE" : "GAE", ", hidden ", shape.hidden, ", latent ", shape.latent, ": ",
                        core::HaloFloatsPerStep(shape),
                        " floats per row); sampled-loss embedding fetches and the gradient all-reduce not included\n");
}

std::string Text(std::span<const partition::ReportRow> rows, const std::string& graph) {
  std::vector<std::vector<std::string>> table{Header()};
  for (const auto& r : rows) table.push_back(Cells(r, graph));
  std::vector<std::size_t> width(table[0].size(), 0);
  for (const auto& line : table)
    for (std::size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], line[c].size());
  std::ostringstream out;
  for (const auto& line : table) {
    for (std::size_t c = 0; c < line.size(); ++c) {
      // The first two columns are names (left-aligned), the rest numbers (right-aligned).
      const auto pad = std::string(width[c] - line[c].size(), ' ');
      out << (c ? "  " : "") << (c < 2 ? line[c] + pad : pad + line[c]);
    }
    out << '\n';
  }
  return out.str();
}

std::string Markdown(std::span<const partition::ReportRow> rows, const std::string& graph) {
  std::ostringstream out;
  auto line = [&](const std::vector<std::string>& cells) {
    out << '|';
    for (const auto& cell : cells) out << ' ' << cell << " |";
    out << '\n';
  };
  const auto header = Header();
  line(header);
  std::vector<std::string> rule{"---", "---"};
  rule.resize(header.size(), "---:");
  line(rule);
  for (const auto& r : rows) line(Cells(r, graph));
  return out.str();
}

std::string JsonLines(std::span<const partition::ReportRow> rows, const std::string& graph,
                      const core::EncoderShape& shape) {
  std::ostringstream out;
  for (const auto& r : rows) {
    const nlohmann::json j = {{"graph", graph},
                              {"method", r.method},
                              {"parts", r.parts},
                              {"nodes", r.nodes},
                              {"undirected_edges", r.undirected_edges},
                              {"edge_cut", r.edge_cut},
                              {"edge_cut_fraction", r.edge_cut_fraction},
                              {"halo_max", r.halo_max},
                              {"halo_mean", r.halo_mean},
                              {"send_bytes_per_epoch_max", r.send_bytes_max},
                              {"send_bytes_per_epoch_mean", r.send_bytes_mean},
                              {"imbalance", r.imbalance},
                              {"seconds", r.seconds},
                              {"peak_mib", r.peak_mb},
                              {"model", shape.variational ? "vgae" : "gae"},
                              {"hidden", shape.hidden},
                              {"latent", shape.latent}};
    out << j.dump() << '\n';
  }
  return out.str();
}

}  // namespace

ReportFormat ParseReportFormat(const std::string& name) {
  if (name == "text") return ReportFormat::kText;
  if (name == "markdown") return ReportFormat::kMarkdown;
  if (name == "json") return ReportFormat::kJson;
  throw ConfigError(detail::Concat("unknown --report-format '", name, "'; expected text, markdown or json"));
}

std::string FormatReport(std::span<const partition::ReportRow> rows, ReportFormat format, const std::string& graph,
                         const core::EncoderShape& shape) {
  switch (format) {
    case ReportFormat::kText:
      return Text(rows, graph) + TrafficNote(shape);
    case ReportFormat::kMarkdown:
      return Markdown(rows, graph) + "\n" + TrafficNote(shape);
    case ReportFormat::kJson:
      return JsonLines(rows, graph, shape);
  }
  throw InternalError("FormatReport: invalid ReportFormat value");
}

}  // namespace vgae::app
