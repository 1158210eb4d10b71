// What rank 0 of train prints while it trains. Text: one compact line per epoch (epoch/total, loss, KL, val
// AUC/AP when evaluated, ms/epoch, ETA); when stdout is a terminal (and no MPI launcher is involved) the epochs
// instead redraw one live progress bar in place and only evaluated epochs leave a line. JSON (--log-format json): one JSON object per line, for
// every epoch and a final summary, and nothing else on stdout. Disabled printers print nothing.
#pragma once

#include <chrono>
#include <string>

#include "dist/trainer.h"

namespace vgae::app {

enum class LogFormat { kText, kJson };

class EpochPrinter {
 public:
  // first_epoch: the first epoch this run trains (1, or after a resumed checkpoint).
  EpochPrinter(bool enabled, LogFormat format, int total_epochs, int first_epoch);
  bool Text() const { return enabled_ && format_ == LogFormat::kText; }
  void Epoch(const dist::EpochLog& e);
  // Ends a live bar's line (before any other output, e.g. when a signal stops training).
  void Finish();
  // Ends a live bar, then the summary: test and val metrics, OGB metrics, timing.
  void Summary(const dist::TrainResult& r);

  // The parts, exposed for tests.
  static std::string TextLine(const dist::EpochLog& e, int total_epochs, double eta_seconds);
  static std::string JsonLine(const dist::EpochLog& e, int total_epochs, double eta_seconds);
  static std::string Bar(const dist::EpochLog& e, int total_epochs, double eta_seconds, int width);

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  LogFormat format_;
  bool live_;  // text on a terminal: redraw a progress bar
  int total_, first_;
  Clock::time_point start_, last_draw_;
  bool bar_shown_ = false;
};

}  // namespace vgae::app
