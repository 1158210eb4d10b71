// Graceful stop on SIGTERM / SIGUSR1 (what SLURM and Open MPI's mpirun send before a job is killed). The
// handler only records the signal (async-signal-safe); the trainer polls it at the end of each epoch and the
// ranks agree through an all-reduce, so every rank stops after the same epoch. kStopExitCode is EX_TEMPFAIL.
#pragma once

namespace vgae::dist {

inline constexpr int kStopExitCode = 75;  // EX_TEMPFAIL: stopped by a signal, resumable

// Installs the handlers for SIGTERM and SIGUSR1 (SA_RESTART, so blocking calls resume after the handler).
void InstallStopSignalHandlers();
// The signal received since installation, or 0.
int StopSignalReceived();
// "SIGTERM" / "SIGUSR1" / "signal N".
const char* StopSignalName(int signal);

}  // namespace vgae::dist
