#include "dist/stop_signal.h"

#include <csignal>

namespace vgae::dist {
namespace {
volatile std::sig_atomic_t g_signal = 0;

extern "C" void RecordStopSignal(int signal) { g_signal = signal; }
}  // namespace

void InstallStopSignalHandlers() {
  struct sigaction action {};
  action.sa_handler = RecordStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGUSR1, &action, nullptr);
}

int StopSignalReceived() { return g_signal; }

const char* StopSignalName(int signal) {
  switch (signal) {
    case SIGTERM: return "SIGTERM";
    case SIGUSR1: return "SIGUSR1";
    case SIGINT: return "SIGINT";
    default: return "a signal";
  }
}

}  // namespace vgae::dist
