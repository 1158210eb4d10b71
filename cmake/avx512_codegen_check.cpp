// Configure-time probe (cmake/CheckAvx512Codegen.cmake): Debian 12's GCC 12.2 with AVX-512 enabled stores this
// constant vector as a broadcast of its first element (2 2 2 2); the tests caught it in BuildGcnOperator's test.
// Exit 0 when the compiler gets it right.
#include <cstdint>
#include <vector>

__attribute__((noinline)) int Check(const std::vector<std::int64_t>& d) {
  return d.size() == 4 && d[0] == 2 && d[1] == 2 && d[2] == 2 && d[3] == 0 ? 0 : 1;
}

int main() {
  const std::vector<std::int64_t> degree{2, 2, 2, 0};
  return Check(degree);
}
