import CNcurses
import SafeFiles
import TutorUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum ColorMode: Sendable {
    /// Colour when the terminal has it and NO_COLOR is unset or empty.
    case auto
    /// Attributes only (--no-color).
    case none
}

/// `projector`: every text bold and nothing dim, so thin strokes survive a washed-out
/// projector; highlights stay black on bright backgrounds.
public enum Theme: String, Sendable, CaseIterable {
    case standard, projector
}

public enum ExitReason: Sendable, Equatable {
    case quit
    /// A terminating signal arrived (SIGTERM, SIGHUP, SIGUSR1, …), or Ctrl-C or Ctrl-\ was
    /// pressed (reported as SIGINT, SIGQUIT): the caller should exit with 128 + n.
    case signal(Int32)
}

public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    /// $TERM is unset, unknown, or names a terminal that cannot move its cursor: the reason.
    case cannotDraw(String)
    case initFailed(String)
    /// The recording could not be opened or written: the path and why.
    case cannotRecord(String, FileError)
    /// The recording would be written onto the terminal the UI draws on: the path.
    case recordsOnTerminal(String)

    /// True when a line-by-line mode (or another command) is the way on, not a fix to the setup.
    public var wantsLines: Bool {
        switch self {
        case .notATerminal, .cannotDraw: true
        case .initFailed, .cannotRecord, .recordsOnTerminal: false
        }
    }

    public var description: String {
        switch self {
        case .notATerminal: "standard input and output must be a terminal"
        case .cannotDraw(let reason): reason
        case .initFailed(let reason): "could not start the terminal UI: \(reason)"
        case .cannotRecord(let path, let why): "--record '\(path)': \(why)"
        case .recordsOnTerminal(let path): "--record: '\(path)' is the terminal the tutor draws on; record to a file"
        }
    }
}

/// Runs a Program full-screen until it quits or a signal arrives; restores the terminal on every path.
/// With `recordTo`, every frame is also written to that file as an asciicast v2 recording,
/// through a SafeWriter: opened before the screen changes and committed as the session ends; a
/// write error is thrown once the terminal is restored (the ExitReason is lost with it).
public func runFullScreen<P: Program>(_ program: inout P, colors: ColorMode = .auto, theme: Theme = .standard, recordTo: String? = nil) throws -> ExitReason {
    // Checked before anything is opened, so a refusal leaves the terminal and the target alone.
    if let problem = fullScreenUnavailable() { throw problem }
    if let recordTo, isOwnTerminal(recordTo) { throw TerminalError.recordsOnTerminal(recordTo) }
    let output: SafeWriter?
    do { output = try recordTo.map { try SafeWriter(path: $0, waitForReader: false) } } catch let e as FileError { throw TerminalError.cannotRecord(recordTo!, e) }
    let reason = try runFullScreen(&program, colors: colors, theme: theme, recording: output)
    do { try output?.commit() } catch let e as FileError { throw TerminalError.cannotRecord(recordTo!, e) }
    return reason
}

private func runFullScreen<P: Program>(_ program: inout P, colors: ColorMode, theme: Theme, recording output: SafeWriter?) throws -> ExitReason {
    let session = try CursesSession(colors: colors, theme: theme)
    defer { session.close() }
    // Every frame and every layout an event works out is in the charset the terminal shows.
    return try Charset.$current.withValue(session.asciiOnly ? .ascii : .unicode) {
        try run(&program, in: session, theme: theme, recording: output)
    }
}

private func run<P: Program>(_ program: inout P, in session: CursesSession, theme: Theme, recording output: SafeWriter?) throws -> ExitReason {
    let recorder = try output.map { try CastRecorder(output: $0, size: session.size, colored: session.palette.colored, projector: theme == .projector) }
    // Committed before the terminal is restored, so the file is whole when the shell is back;
    // the caller asks again for the result, after the restore.
    defer { recorder?.flush(); try? output?.commit() }
    var painter = Painter(palette: session.palette, asciiOnly: session.asciiOnly, recorder: recorder)
    var ticks = TickClock()
    let keys = KeyDecoder(bytewise: session.asciiOnly)
    var size = session.size
    // Programs learn the size up front, so hit-testing clicks works before any resize.
    if program.update(.resize(size)) == .quit { return .quit }
    painter.draw(program.view(size), on: size)

    /// Back from a stop: raw mode again, and every cell repainted over whatever the shell drew.
    func redrawAll() {
        session.resume()
        painter.invalidate()
        painter.draw(program.view(size), on: size)
    }
    /// Ctrl-Z or SIGTSTP. SIGCONT sets its flag on the way back, unless nothing stopped
    /// (SIGTSTP ignored since we started): the redraw happens here either way.
    func suspend() {
        session.suspend()
        _ = Signals.takeContinued()
        redrawAll()
    }

    while true {
        if let sig = Signals.pending {
            _ = program.update(.interrupt)
            return .signal(sig)
        }
        if Signals.takeSuspend() { suspend() }
        if Signals.takeContinued() { redrawAll() }
        timeout(ticks.waitMilliseconds(for: program.tickInterval))
        var changed = false
        switch keys.read() {
        case .terminate(let sig):
            _ = program.update(.interrupt)
            return .signal(sig)
        case .suspend:
            suspend()
        case .event(let event):
            if program.update(event) == .quit { return .quit }
            changed = true
        case .resize:
            size = session.size
            painter.invalidate()
            if program.update(.resize(size)) == .quit { return .quit }
            changed = true
        case .timeout, .ignored:
            break
        }
        if ticks.fire() {
            if program.update(.tick) == .quit { return .quit }
            changed = true
        }
        if changed { painter.draw(program.view(size), on: size) }
    }
}
