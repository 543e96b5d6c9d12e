import Foundation
import SafeFiles
import TutorUI

/// Writes an asciicast v2 file (asciinema's format): a JSON header line, then one
/// `[seconds, "o", text]` event per drawn frame. Frames are encoded from the cell buffers the
/// session draws, so recording costs a string diff per frame and never touches the screen.
/// The file itself is the caller's SafeWriter, committed when the session ends.
final class CastRecorder {
    private let output: SafeWriter
    private let start = ContinuousClock.now
    private var previous: CellBuffer?
    private var pending = Data()
    private let colored: Bool
    private let projector: Bool

    init(output: SafeWriter, size: Size, colored: Bool, projector: Bool = false) throws {
        self.output = output
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
        // Written often, so memory stays flat and a full disk shows early.
        if pending.count > 1 << 12 { flush() }
    }

    func flush() {
        output.append(pending)
        pending.removeAll(keepingCapacity: true)
    }
}
