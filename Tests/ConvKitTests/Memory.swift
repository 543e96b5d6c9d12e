import Foundation

/// The most memory this test process has held at once (ru_maxrss). It only grows, so a small
/// rise across a block proves the block allocated and touched nothing that scales with what it
/// was asked to hold. Tests run in parallel: compare with a wide margin.
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024   // kilobytes on Linux
}
