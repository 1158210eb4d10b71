// Running the vgae_dist binary from tests: a shell command with a hard wall-clock limit (a hanging rank fails
// the test instead of hanging ctest), output captured, plus the pipeline steps the end-to-end tests share.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace vgae::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

inline CommandResult RunCommand(const std::string& command, int timeout_seconds = 300) {
  const std::string wrapped =
      "timeout -k 5 " + std::to_string(timeout_seconds) + " sh -c '" + command + "' 2>&1";
  CommandResult r;
  FILE* pipe = popen(wrapped.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  while (fgets(buf.data(), static_cast<int>(buf.size()), pipe)) r.output += buf.data();
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string Binary() { return VGAE_BINARY; }
// Open MPI refuses root without both variables (CI runs as root); they are set on the command itself because
// ctest's discovered tests receive only the first entry of a list-valued ENVIRONMENT property.
inline std::string Mpirun(int ranks) {
  return std::string("env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 ") + MPIEXEC + " -n " +
         std::to_string(ranks) + " --oversubscribe " + VGAE_BINARY;
}

// A fresh directory under the system temp dir, named after the test.
inline std::filesystem::path FreshDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("vgae_app_" + name + "_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A command's output split into lines (without the newlines).
inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

inline nlohmann::json ReadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// prep + split of a bundled dataset into dir/name.h5; returns the path.
inline std::string PrepareBundled(const std::filesystem::path& dir, const std::string& dataset, int split_seed) {
  const auto data = std::string(VGAE_DATA_DIR) + "/" + dataset;
  const auto h5 = (dir / (dataset + ".h5")).string();
  RunCommand(Binary() + " prep --edges " + data + "/edges.txt --features " + data + "/features.mtx --out " + h5);
  RunCommand(Binary() + " split " + h5 + " --seed " + std::to_string(split_seed));
  return h5;
}

}  // namespace vgae::testing
