// Checkpoints of the replicated training state, committed last (STYLE.md 8): rank 0 writes the checkpoint file
// (serial HDF5: the state is the same on every rank), all ranks pass a barrier, then rank 0 commits the marker
// D/LATEST naming it and prunes old checkpoints. A rank that dies anywhere in between leaves the previous
// marker, which still names a complete file.
#pragma once

#include <string>

#include "dist/comm.h"
#include "dist/trainer.h"
#include "io/checkpoint.h"

namespace vgae::dist {

class Checkpointer {
 public:
  Checkpointer(const Comm& comm, std::string dir, int keep, io::GraphIdentity identity, std::string config_json);

  // Collective. Returns the committed checkpoint's path.
  std::string Save(const TrainState& state) const;

  // Every rank reads the checkpoint D/LATEST names and checks it fits this run (ConfigError naming the mismatch
  // otherwise). path receives the checkpoint's path. IoError when there is no marker.
  TrainState LoadLatest(std::size_t num_params, std::string& path) const;

 private:
  const Comm& comm_;
  std::string dir_;
  int keep_;
  io::GraphIdentity identity_;
  std::string config_json_;
};

}  // namespace vgae::dist
