import Testing
@testable import TutorUI

/// Lesson text is anyone's file. A control character in it must reach neither the terminal nor
/// a recording: ESC [ 2 J in a title would clear a viewer's screen when the .cast is played.
@Suite struct ControlCharacterCellTests {
    @Test(arguments: ["a\u{1B}[2Jb", "x\u{07}y", "t\u{9B}31m", "d\u{7F}e", "é\u{1B}]0;pwn\u{07}ü"])
    func controlCharactersNeverReachACell(_ text: String) {
        var b = CellBuffer(Size(width: 20, height: 1))
        b.put(text, x: 0, y: 0)
        let codes = (0..<20).flatMap { b[$0, 0].character.unicodeScalars.map { $0.value } }
        #expect(!codes.contains { $0 < 0x20 || (0x7F..<0xA0).contains($0) }, "\(codes)")
        #expect(codes.contains(0xFFFD))
        // A recording of it is the recording of the same text with U+FFFD in their place.
        var replaced = CellBuffer(Size(width: 20, height: 1))
        replaced.put(String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) ? "\u{FFFD}" : $0 })), x: 0, y: 0)
        #expect(AnsiFrames.encode(b, since: nil, colored: false) == AnsiFrames.encode(replaced, since: nil, colored: false))
    }
}
