// Per-test temporary files, the data lines of a text file and the message of an expected IoError, shared by
// the parser and import tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"

namespace vgae::testing {

// A path named `name` in a fresh per-test directory under the gtest temp dir (`suite` keeps suites apart).
inline std::string TempPath(const std::string& suite, const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / suite / info->name();
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

// Writes `content` byte for byte to TempPath(suite, name).
inline std::string WriteTempFile(const std::string& suite, const std::string& name, const std::string& content) {
  const std::string path = TempPath(suite, name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// The lines of a text file that are neither empty nor '#' comments.
inline std::vector<std::string> DataLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);)
    if (!l.empty() && l[0] != '#') lines.push_back(l);
  return lines;
}

template <typename F>
std::string IoErrorMessage(F&& f) {
  try {
    f();
  } catch (const IoError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an IoError";
  return "";
}

}  // namespace vgae::testing
