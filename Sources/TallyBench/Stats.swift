#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Summary of repeated timings (seconds): median and spread.
struct Stats: Sendable {
    var count: Int
    var min: Double
    var median: Double
    var p90: Double
    var max: Double
    /// Median absolute deviation from the median.
    var mad: Double

    init(_ samples: [Double]) {
        precondition(!samples.isEmpty)
        let s = samples.sorted()
        count = s.count
        min = s[0]; max = s[s.count - 1]
        median = Stats.quantile(s, 0.5)
        p90 = Stats.quantile(s, 0.9)
        mad = Stats.quantile(s.map { abs($0 - Stats.quantile(s, 0.5)) }.sorted(), 0.5)
    }

    /// Linear interpolation between the closest ranks.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        if sorted.count == 1 { return sorted[0] }
        let pos = q * Double(sorted.count - 1)
        let lo = Int(pos.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - Double(lo))
    }
}

/// Seconds elapsed while running `body`.
@inline(never)
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    let d = clock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Runs `body` `warmup` times untimed, then `runs` times timed.
func measure(runs: Int, warmup: Int = 2, _ body: () throws -> Void) rethrows -> Stats {
    for _ in 0..<warmup { try body() }
    var samples: [Double] = []
    samples.reserveCapacity(runs)
    for _ in 0..<runs { samples.append(try seconds(body)) }
    return Stats(samples)
}

/// Deterministic pseudo-random numbers (SplitMix64), so corpora are reproducible from a seed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: UInt64) -> UInt64 { next() % n }
}

/// Formats a duration in the most readable unit.
func fmtTime(_ s: Double) -> String {
    if s < 1e-3 { return fmt(s * 1e6, 1) + " µs" }
    if s < 1 { return fmt(s * 1e3, 2) + " ms" }
    return fmt(s, 2) + " s"
}

func fmt(_ x: Double, _ decimals: Int) -> String {
    var p = 1.0
    for _ in 0..<decimals { p *= 10 }
    let r = (x * p).rounded() / p
    var s = String(r)
    // String(Double) may use exponent notation or drop trailing zeros; normalise to `decimals`.
    if s.contains("e") { return s }
    if decimals == 0 { return String(Int(r)) }
    if !s.contains(".") { s += "." }
    let frac = s.split(separator: ".", omittingEmptySubsequences: false)
    let f = frac.count > 1 ? String(frac[1]) : ""
    if f.count < decimals { s += String(repeating: "0", count: decimals - f.count) }
    return s
}

func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    // Display width: CJK characters take two columns.
    var w = 0
    for u in s.unicodeScalars { w += u.value >= 0x1100 && u.value != 0xB5 ? 2 : 1 }
    let fill = String(repeating: " ", count: Swift.max(0, width - w))
    return right ? fill + s : s + fill
}
