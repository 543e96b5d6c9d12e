import Foundation
import TutorUI

/// Writes an asciicast v2 file (asciinema's format): a JSON header line, then one
/// `[seconds, "o", text]` event per drawn frame. Frames are encoded from the cell buffers the
/// session draws, so recording costs a string diff per frame and never touches the screen.
public final class CastRecorder {
    private let handle: FileHandle
    private let start = ContinuousClock.now
    private var previous: CellBuffer?
    private var pending = Data()
    private let colored: Bool
    private let projector: Bool

    public init(path: String, size: Size, colored: Bool, projector: Bool = false) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw TerminalError.cannotRecord(path)
        }
        handle = h
        self.colored = colored
        self.projector = projector
        let header: [String: Any] = [
            "version": 2, "width": size.width, "height": size.height,
            "timestamp": Int(Date().timeIntervalSince1970),
            "env": ["TERM": ProcessInfo.processInfo.environment["TERM"] ?? "xterm-256color", "SHELL": "/bin/sh"],
            "title": "convtutor",
        ]
        pending.append(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        pending.append(0x0A)
    }

    func record(_ frame: CellBuffer) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // A resize is an "r" event ("COLSxROWS"), so players resize before the redraw.
        if let previous, previous.size != frame.size,
           let event = try? JSONSerialization.data(withJSONObject: [(seconds * 1e6).rounded() / 1e6, "r", "\(frame.size.width)x\(frame.size.height)"] as [Any]) {
            pending.append(event)
            pending.append(0x0A)
        }
        let text = AnsiFrames.encode(frame, since: previous, colored: colored, projector: projector)
        previous = frame
        // Ticks that change nothing would only pad the file.
        if text == "\u{1B}[0m" { return }
        guard let event = try? JSONSerialization.data(withJSONObject: [(seconds * 1e6).rounded() / 1e6, "o", text] as [Any]) else { return }
        pending.append(event)
        pending.append(0x0A)
        // Flushed often, so a killed session loses at most a moment of its recording.
        if pending.count > 1 << 12 { flush() }
    }

    func flush() {
        try? handle.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }

    public func close() {
        flush()
        try? handle.close()
    }
}
