/// Everything a screen can react to, already decoded from the terminal.
public enum Event: Sendable, Equatable {
    case char(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, backspace, delete, escape, tab, backTab
    /// A left click at a cell (0-based), where the terminal reports mice.
    case click(x: Int, y: Int)
    case resize(Size)
    /// Sent by the run loop when `Program.tickInterval` elapses with no input (autoplay).
    case tick
    /// Ctrl-C, Ctrl-\ or a terminating signal (SIGTERM, SIGHUP, …): the program must end.
    case interrupt
}

public enum Effect: Sendable, Equatable {
    case none
    case quit
}

/// A screen as a pure state machine: events in, a cell buffer out. The terminal backend owns
/// the loop; tests drive `update` and compare `view` with golden text.
public protocol Program {
    mutating func update(_ event: Event) -> Effect
    func view(_ size: Size) -> CellBuffer
    /// Seconds between `.tick` events while idle, or nil for none (autoplay off).
    var tickInterval: Double? { get }
}
