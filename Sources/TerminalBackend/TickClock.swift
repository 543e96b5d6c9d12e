/// Schedules `.tick` on a monotonic clock, independent of input, so a stream of keypresses
/// (or a held arrow key) cannot starve autoplay.
struct TickClock {
    /// How long `get_wch` may block when no tick is due: the signal flag is polled this often.
    static let pollMilliseconds: Int32 = 200

    private let clock = ContinuousClock()
    private var next: ContinuousClock.Instant?
    private var interval: Double?

    /// Milliseconds to block waiting for input given the program's current interval.
    mutating func waitMilliseconds(for interval: Double?) -> Int32 {
        guard let interval, interval > 0 else {
            next = nil
            self.interval = nil
            return Self.pollMilliseconds
        }
        let now = clock.now
        if next == nil || self.interval != interval {
            next = now + .seconds(interval)
            self.interval = interval
        }
        let (seconds, attoseconds) = now.duration(to: next!).components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: min(max(ms, 0), Int64(Self.pollMilliseconds)))
    }

    /// True once per elapsed interval; the next one is scheduled from now so a slow frame
    /// does not cause a burst of catch-up ticks.
    mutating func fire() -> Bool {
        guard let next, let interval else { return false }
        let now = clock.now
        guard now >= next else { return false }
        self.next = now + .seconds(interval)
        return true
    }
}
