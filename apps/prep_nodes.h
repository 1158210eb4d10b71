// What prep decides about nodes, shared by the single-process and the mpirun paths:
//  - the node set: with --features (N = feature rows) or --num-nodes N, the nodes are original ids 0..N-1
//    (every id, isolated or not; an edge id >= N is an error); otherwise the distinct ids of the edge list,
//    numbered in ascending order of original id;
//  - per-node inputs follow original ids: feature row r and labels line r belong to original id r.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "apps/stage_progress.h"
#include "apps/stages.h"
#include "core/graph_build.h"
#include "io/graph_writer.h"
#include "core/node_numbering.h"
#include "io/features.h"

namespace vgae::app {

// The number of nodes fixed by the options and features (0: renumber the edge list's ids).
std::int64_t FixedNodeCount(const PrepOptions& o, const std::optional<io::NodeFeatures>& features);

// IoError naming the edge file when max_id (the largest id of the edge list) is not below n; `first_line`
// describes the first offending edge.
void CheckIdsBelow(const PrepOptions& o, std::int64_t n, GlobalId max_id, const std::string& first_edge);

// Labels in node order: line r of the file is the label of original id r; `original_ids` ascending.
std::vector<std::int32_t> ReadLabels(const std::string& path, std::span<const GlobalId> original_ids, bool identity);

// prep on several ranks (apps/stage_prep_parallel.cpp); RunPrep calls it when given a communicator.
void RunPrepParallel(const dist::Comm& comm, const PrepOptions& o);

// The pieces of the write and the report shared by both paths (apps/stage_prep.cpp).
std::optional<io::NodeFeatures> ReadPrepFeatures(const PrepOptions& o, StageProgress& progress);
// A block with the features' kind and all their rows, the labels flag and the config; rows are the caller's.
io::GraphBlock PrepBlock(const PrepOptions& o, const std::optional<io::NodeFeatures>& features);
// renumbered: some node's id differs from its original id.
std::string PrepSummary(const PrepOptions& o, std::int64_t n, const core::GraphBuildStats& stats, std::int64_t isolated,
                        const std::optional<io::NodeFeatures>& features, bool renumbered);

}  // namespace vgae::app
