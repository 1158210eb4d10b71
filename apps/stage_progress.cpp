#include "apps/stage_progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "apps/progress.h"

namespace vgae::app {

StageProgress::StageProgress(std::string stage, bool quiet)
    : stage_(std::move(stage)), quiet_(quiet), live_(!quiet && LiveTerminal()) {}

StageProgress::~StageProgress() {
  if (open_) {
    std::printf("\n");
    std::fflush(stdout);
  }
}

std::string StageProgress::PhaseLine(const std::string& stage, const std::string& phase, const std::string& detail,
                                     double seconds) {
  char t[32];
  std::snprintf(t, sizeof t, "%.2f s", seconds);
  return stage + ": " + phase + " ... " + (detail.empty() ? std::string("done") : detail) + " in " + t;
}

std::string StageProgress::BarLine(const std::string& stage, const std::string& phase, double fraction, int width) {
  const double f = std::clamp(fraction, 0.0, 1.0);
  char b[16];
  std::snprintf(b, sizeof b, "%3d%%", static_cast<int>(std::floor(100.0 * f)));
  return stage + ": " + phase + " [" + BarCells(std::llround(1000.0 * f), 1000, width) + "] " + b;
}

void StageProgress::Begin(std::string phase) {
  phase_ = std::move(phase);
  start_ = Clock::now();
  last_draw_ = start_;
  if (!live_) return;
  std::printf("%s%s: %s ...", kClearLine, stage_.c_str(), phase_.c_str());
  std::fflush(stdout);
  open_ = true;
}

std::function<void(double)> StageProgress::Fraction() {
  if (!live_) return {};
  return [this](double fraction) { Draw(fraction); };
}

void StageProgress::Draw(double fraction) {
  const auto now = Clock::now();
  // A parser reports up to ~100 times per file: the terminal must not slow it down, so 10 redraws a second.
  if (fraction < 1.0 && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  std::printf("%s%s", kClearLine, BarLine(stage_, phase_, fraction, 30).c_str());
  std::fflush(stdout);
  open_ = true;
}

void StageProgress::End(const std::string& detail) {
  if (quiet_) return;
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  std::printf("%s%s\n", live_ ? kClearLine : "", PhaseLine(stage_, phase_, detail, seconds).c_str());
  std::fflush(stdout);
  open_ = false;
}

void StageProgress::Summary(const std::string& line) {
  if (quiet_) return;
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

}  // namespace vgae::app
