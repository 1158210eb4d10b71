// libFuzzer target for the HDF5 graph loader: the input bytes become a file (in $TMPDIR, one per process)
// that goes through every read path of graph_load.h. Rejections must be IoError (or PartitionError); any
// other exception escapes and is a finding. Crashes inside libhdf5 itself are triaged by tests/fuzz/triage.sh
// and documented in docs/FUZZING.md, not worked around here.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/fuzz/graph_load.h"

namespace {

std::string TempPath() {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/vgae_fuzz_graph_" + std::to_string(getpid()) + ".h5";
}

bool WriteFile(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(data, 1, size, f) == size;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = TempPath();
  if (!WriteFile(path, data, size)) std::abort();
  vgae::fuzz::LoadGraphFileEveryWay(path);
  return 0;
}
