#include "apps/epoch_printer.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "apps/progress.h"

namespace vgae::app {
namespace {

std::string Duration(double seconds) {
  char b[32];
  if (seconds < 60) std::snprintf(b, sizeof b, "%.0fs", seconds);
  else if (seconds < 3600) std::snprintf(b, sizeof b, "%dm%02ds", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
  else std::snprintf(b, sizeof b, "%dh%02dm", static_cast<int>(seconds) / 3600, static_cast<int>(seconds) / 60 % 60);
  return b;
}

}  // namespace

EpochPrinter::EpochPrinter(bool enabled, LogFormat format, int total_epochs, int first_epoch)
    : enabled_(enabled),
      format_(format),
      live_(enabled && format == LogFormat::kText && LiveTerminal()),
      total_(total_epochs),
      first_(first_epoch),
      start_(Clock::now()),
      last_draw_(start_) {}

std::string EpochPrinter::TextLine(const dist::EpochLog& e, int total, double eta) {
  char b[256];
  int n = std::snprintf(b, sizeof b, "epoch %4d/%d  loss %.5f  kl %.5f", e.epoch, total, e.loss, e.kl);
  if (e.val) n += std::snprintf(b + n, sizeof b - n, "  val auc %.4f ap %.4f", e.val->auc, e.val->ap);
  std::snprintf(b + n, sizeof b - n, "  %.1f ms  ETA %s", e.ms, Duration(eta).c_str());
  return b;
}

std::string EpochPrinter::JsonLine(const dist::EpochLog& e, int total, double eta) {
  nlohmann::json j = {{"epoch", e.epoch}, {"epochs", total}, {"loss", e.loss}, {"recon", e.recon},
                      {"kl", e.kl},       {"ms", e.ms},      {"eta_s", eta}};
  if (e.val) {
    j["val_auc"] = e.val->auc;
    j["val_ap"] = e.val->ap;
  }
  return j.dump();
}

std::string EpochPrinter::Bar(const dist::EpochLog& e, int total, double eta, int width) {
  char b[256];
  std::snprintf(b, sizeof b, "train [%s] %d/%d  loss %.4f  %.1f ms/epoch  ETA %s", BarCells(e.epoch, total, width).c_str(),
                e.epoch, total, e.loss, e.ms, Duration(eta).c_str());
  return b;
}

void EpochPrinter::Epoch(const dist::EpochLog& e) {
  if (!enabled_) return;
  const auto now = Clock::now();
  // ETA from the wall time of this run's epochs so far (evaluation included), not from e.ms alone.
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const int done = e.epoch - first_ + 1;
  const double eta = done > 0 ? elapsed / done * (total_ - e.epoch) : 0.0;
  if (format_ == LogFormat::kJson) {
    std::printf("%s\n", JsonLine(e, total_, eta).c_str());
  } else if (!live_) {
    std::printf("%s\n", TextLine(e, total_, eta).c_str());
  } else {
    if (e.val) std::printf("%s%s\n", kClearLine, TextLine(e, total_, eta).c_str());
    // Redraw at most 10 times a second: a fast epoch loop must not spend its time on the terminal.
    if (e.val || e.epoch == total_ || now - last_draw_ > std::chrono::milliseconds(100) || !bar_shown_) {
      std::printf("%s%s", kClearLine, Bar(e, total_, eta, 30).c_str());
      last_draw_ = now;
      bar_shown_ = true;
    }
  }
  std::fflush(stdout);
}

void EpochPrinter::Finish() {
  if (bar_shown_) std::printf("\n");
  bar_shown_ = false;
  std::fflush(stdout);
}

void EpochPrinter::Summary(const dist::TrainResult& r) {
  if (!enabled_) return;
  Finish();
  if (format_ == LogFormat::kJson) {
    const nlohmann::json j = {{"test_auc", r.test.auc},         {"test_ap", r.test.ap},
                              {"val_auc", r.val.auc},           {"val_ap", r.val.ap},
                              {"hits@20", r.test_ogb.hits20},   {"hits@50", r.test_ogb.hits50},
                              {"hits@100", r.test_ogb.hits100}, {"mrr", r.test_ogb.mrr},
                              {"epoch_ms_median", r.epoch_ms_median}, {"train_seconds", r.train_seconds}};
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("test_auc %.4f  test_ap %.4f  (val_auc %.4f  val_ap %.4f)  %.2f ms/epoch median, %.2f s\n"
                "test hits@20 %.4f  hits@50 %.4f  hits@100 %.4f  mrr %.4f\n",
                r.test.auc, r.test.ap, r.val.auc, r.val.ap, r.epoch_ms_median, r.train_seconds, r.test_ogb.hits20,
                r.test_ogb.hits50, r.test_ogb.hits100, r.test_ogb.mrr);
  }
  std::fflush(stdout);
}

}  // namespace vgae::app
