// What prep, split and partition print while they run: one line per phase with its elapsed time
// ("prep: reading edges ... 5278 lines in 0.02 s") when stdout is not a terminal; on a terminal the running
// phase is redrawn in place, as a bar with a percentage when the phase reports a fraction, and then leaves
// the same line. Quiet printers print nothing (errors go to stderr through main). A phase still open when the
// printer is destroyed (an exception unwinding) ends its line, so the error starts on a line of its own.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace vgae::app {

class StageProgress {
 public:
  StageProgress(std::string stage, bool quiet);
  ~StageProgress();
  StageProgress(const StageProgress&) = delete;
  StageProgress& operator=(const StageProgress&) = delete;

  void Begin(std::string phase);
  // A callback for the running phase's fraction done in [0, 1]: redraws the bar at most 10 times a second,
  // and always at 1. Plain output ignores it.
  std::function<void(double)> Fraction();
  // Ends the phase: "<stage>: <phase> ... <detail> in X s" (or "done in X s" without detail).
  void End(const std::string& detail = "");
  // The stage's summary line (printed as given, followed by a newline) unless quiet.
  void Summary(const std::string& line);

  // The parts, exposed for tests.
  static std::string PhaseLine(const std::string& stage, const std::string& phase, const std::string& detail,
                               double seconds);
  static std::string BarLine(const std::string& stage, const std::string& phase, double fraction, int width);

 private:
  using Clock = std::chrono::steady_clock;
  void Draw(double fraction);

  std::string stage_, phase_;
  bool quiet_, live_;
  bool open_ = false;  // a live line is on screen without its newline
  Clock::time_point start_, last_draw_;
};

}  // namespace vgae::app
