// What the operating system reports about memory: MemAvailable from /proc/meminfo (the default of
// train --max-memory), this process's peak resident set (partition --report), and the byte counts users type
// ("512M", "4G").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vgae::io {

// MemAvailable in bytes; nullopt when /proc/meminfo is unreadable or has no such line.
std::optional<std::uint64_t> MemAvailableBytes();

// This process's peak resident set (VmHWM of /proc/self/status) in bytes; nullopt when unreadable.
std::optional<std::uint64_t> PeakResidentBytes();
// Anonymous memory of this process on transparent huge pages (AnonHugePages of /proc/self/smaps_rollup, Linux
// >= 4.14) in bytes: how much of core::AdviseHugePages' advice the kernel took. nullopt when unreadable.
std::optional<std::uint64_t> HugePageBytes();
// Resets that peak to the current resident set (writes 5 to /proc/self/clear_refs, Linux >= 4.0), so the
// next PeakResidentBytes measures one phase; false when the kernel refuses.
bool ResetPeakResident();

// "1000", "512K", "512M", "4G" (binary multiples, case-insensitive, optional trailing B). ConfigError naming
// `flag` otherwise.
std::uint64_t ParseByteCount(const std::string& flag, const std::string& text);

}  // namespace vgae::io
