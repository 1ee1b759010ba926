extension Pack {
    /// Runs every selected check once on `model` as ``runCounting(on:options:)`` does on one
    /// thread (one evaluator, in the pack's order, so lets and remembered outcomes are shared as
    /// in a real run) and returns the time each check took, in nanoseconds, by check id. What a
    /// check costs inside a whole run, not alone (alone it pays for every let it reads): the
    /// benchmark's per-check figures (`TallyBench --only checks`).
    @_spi(Bench)
    public func checkTimes(on model: any ReportModel, options: RunOptions = RunOptions()) -> [(id: String, nanoseconds: Int64)] {
        let clock = ContinuousClock()
        let ev = evaluator(on: model, options)
        var out: [(id: String, nanoseconds: Int64)] = []
        var passed = 0
        for check in checks where options.onlyChecks.isEmpty || options.onlyChecks.contains(check.id) {
            let start = clock.now
            _ = run(check, evaluator: ev, budgeted: options, passed: &passed)
            let d = clock.now - start
            out.append((check.id, d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000))
        }
        return out
    }
}
