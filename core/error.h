// One error policy: library code throws typed exceptions whose message names the file, dataset, rank and
// what was expected versus found. Only main() catches them. VGAE_CHECK guards invariants (programming
// errors), reporting the condition, file and line.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace vgae {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
class IoError : public Error {  // files, HDF5 datasets, parse errors
 public:
  using Error::Error;
};
class ConfigError : public Error {  // flags and combinations of them
 public:
  using Error::Error;
};
class PartitionError : public Error {  // METIS limits and failures, partition/K mismatches
 public:
  using Error::Error;
};
class CommError : public Error {  // MPI return codes
 public:
  using Error::Error;
};
class InternalError : public Error {  // a broken invariant: a bug, not bad input
 public:
  using Error::Error;
};

namespace detail {
template <typename... Args>
std::string Concat(const Args&... args) {
  std::ostringstream s;
  (s << ... << args);
  return s.str();
}
}  // namespace detail

}  // namespace vgae

#define VGAE_CHECK(cond)                                                                                  \
  do {                                                                                                    \
    if (!(cond))                                                                                          \
      throw ::vgae::InternalError(::vgae::detail::Concat("check failed: ", #cond, " at ", __FILE__, ":", \
                                                         __LINE__));                                      \
  } while (0)
