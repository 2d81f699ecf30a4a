import Foundation

/// The engine libraries of a root build are compiled for x86-64-v3 (AVX2, FMA, BMI1/2, F16C,
/// LZCNT, MOVBE; see Package.swift). On an older CPU their first vector instruction would kill
/// the process with SIGILL, so `w2v`, whose own target is compiled for baseline x86-64, checks
/// the CPU before calling them and stops with a clear message instead. Linux reads the flags
/// of /proc/cpuinfo; macOS asks sysctl. Returns nil when the CPU is fine (or cannot be asked).
func missingCPUFeatures() -> String? {
    #if W2V_CPU_X86_64_V3 && arch(x86_64)
    #if os(Linux)
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
    let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
    // /proc/cpuinfo calls LZCNT "abm".
    let needed = ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm"]
    let missing = needed.filter { !flags.contains($0) }
    #elseif canImport(Darwin)
    func has(_ name: String) -> Bool {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        return sysctlbyname(name, &value, &size, nil, 0) == 0 && value != 0
    }
    let missing = ["avx2_0", "fma", "bmi1", "bmi2", "f16c"].filter { !has("hw.optional." + $0) }
    #else
    let missing: [String] = []
    #endif
    guard !missing.isEmpty else { return nil }
    return "this w2v was built for x86-64-v3 CPUs (AVX2 and FMA, 2013 onwards), and this CPU lacks "
        + missing.joined(separator: ", ")
        + "; rebuild it for any x86-64 with: W2V_CPU=portable swift build -c release"
    #else
    return nil
    #endif
}
