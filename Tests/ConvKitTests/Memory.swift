import Foundation

/// The most memory this test process has held at once (ru_maxrss). It only grows, so a small
/// rise across a block shows the block touched nothing that scales with what it was asked to
/// hold. The rise understates growth by however far the process was below its earlier peak, and
/// tests run in parallel: compare with a bound far below what eager work would need.
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024   // kilobytes on Linux
}
