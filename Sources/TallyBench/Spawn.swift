import Foundation

/// What a child process did: exit status, wall time, peak memory.
struct ChildResult {
    var status: Int32
    var wall: Double
    /// Peak resident set size in bytes (from wait4's rusage).
    var maxRSS: Int
    var userCPU: Double
    var systemCPU: Double
}

/// Spawns `argv[0]` (a path) with `argv`, standard output and error sent to /dev/null (unless
/// `stdoutPath` is given), waits with `wait4` and returns its status, wall time and peak RSS.
func spawnAndWait(_ argv: [String], stdoutPath: String = "/dev/null", environment: [String: String] = [:]) -> ChildResult {
    var fa = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&fa)
    defer { posix_spawn_file_actions_destroy(&fa) }
    posix_spawn_file_actions_addopen(&fa, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0)

    var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { for p in cArgs { free(p) } }
    // The current environment plus overrides.
    var env: [String: String] = [:]
    var e = environ
    while let p = e.pointee {
        let s = String(cString: p)
        if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
        e += 1
    }
    for (k, v) in environment { env[k] = v }
    var cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in cEnv { free(p) } }

    let clock = ContinuousClock()
    let start = clock.now
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, argv[0], &fa, nil, &cArgs, &cEnv)
    guard rc == 0 else {
        return ChildResult(status: -1, wall: 0, maxRSS: 0, userCPU: 0, systemCPU: 0)
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let d = clock.now - start
    let wall = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    let exited = (status & 0x7f) == 0
    let code: Int32 = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    func tv(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    #if canImport(Darwin)
    let rss = Int(usage.ru_maxrss)  // bytes on Darwin
    #else
    let rss = Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
    #endif
    return ChildResult(status: code, wall: wall, maxRSS: rss, userCPU: tv(usage.ru_utime), systemCPU: tv(usage.ru_stime))
}

/// Runs a shell command line (for the `cat` and `wc -l` floor).
func shell(_ command: String) -> ChildResult {
    spawnAndWait(["/bin/sh", "-c", command])
}

/// Quotes a path for /bin/sh.
func shQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
