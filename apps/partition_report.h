// What `vgae_dist partition --report` prints: one row per (method, K) as an aligned text table, a Markdown
// table (docs/RESULTS.md is generated from it) or JSON lines (one object per row, for scripts).
#pragma once

#include <span>
#include <string>

#include "core/encoder.h"
#include "partition/report.h"

namespace vgae::app {

enum class ReportFormat { kText, kMarkdown, kJson };
// "text" | "markdown" | "json"; ConfigError otherwise.
ReportFormat ParseReportFormat(const std::string& name);

// graph: the name shown in the graph column (the file's stem); shape: the model whose traffic was counted.
std::string FormatReport(std::span<const partition::ReportRow> rows, ReportFormat format, const std::string& graph,
                         const core::EncoderShape& shape);

}  // namespace vgae::app
