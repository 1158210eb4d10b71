// What the live displays of vgae_dist share: whether stdout is a terminal worth redrawing, the escape that
// clears the current line, and the cells of a bar. Used by train's EpochPrinter and the StageProgress of
// prep, split and partition, so both decide "terminal or plain lines" the same way.
#pragma once

#include <cstdint>
#include <string>

namespace vgae::app {

// Back to the start of the line and erase it: every redraw of a live line begins with this.
inline constexpr const char* kClearLine = "\r\033[K";

// True when stdout is a terminal and no MPI launcher started us (see progress.cpp for why the launcher matters).
bool LiveTerminal();

// `width` cells, the first width*done/total of them '#', the rest '.'; all '#' when total <= 0.
std::string BarCells(std::int64_t done, std::int64_t total, int width);

}  // namespace vgae::app
