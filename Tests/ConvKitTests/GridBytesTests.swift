import Testing
@testable import ConvKit

/// The text-grid parser reads UTF-8 bytes; what it reports must still name characters, and a
/// bad number anywhere must win over a shape problem found earlier (as when it built rows).
@Suite struct GridBytesTests {
    func error(_ text: String) -> String {
        do { _ = try GridText.parse(text); return "parsed" } catch { return "\(error)" }
    }

    @Test func aBadTokenIsQuotedWithItsColumn() {
        #expect(error("1 é 2") == "1:3: 'é' is not a number")
        #expect(error("# café\n1 2 日x") == "2:5: '日x' is not a number")
        #expect(error("½ 1") == "1:1: '½' is not a number")
    }

    /// Hostile QA r25: "1,,2" read as 1 2 and "1 2;; 3 4" as two rows, the typo unsaid.
    @Test func anEmptyFieldOrRowIsAnError() throws {
        #expect(error("1,,2; 3 4") == "1:3: no number between two commas")
        #expect(error("1, , 2") == "1:4: no number between two commas")
        #expect(error("1 2;; 3 4") == "1:5: an empty row between two ';'")
        #expect(try GridText.parse("1 2; 3 4;").shape == [2, 2], "a last ';' ends the last row")
        #expect(try GridText.parse("1,2;3,4").shape == [2, 2])
    }

    @Test func everyLineBreakEndsARow() throws {
        for sep in ["\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"] {
            #expect(try GridText.parse("1 2\(sep)3 4").shape == [2, 2], "\(sep.unicodeScalars.map(\.value))")
        }
    }

    @Test func aBadNumberWinsOverAnEarlierShapeProblem() {
        #expect(error("1 2\n3\n\n1 2\n3 4 5") == "2: channel 1, row 2 has 1 number but the first row has 2 (ragged grid)")
        #expect(error("1 2\n3\n---\nx") == "4:1: 'x' is not a number")
        #expect(error("1 2\n\n1 2\n3 4\n---\n1 2") == "3: channel 2 has 2 rows but the first channel has 1")
        #expect(error("1\n\n2\n---\n1") == "5: filter 2 has 1 channel but filter 1 has 2")
    }

    @Test func bytesThatAreNotUTF8AreRefused() {
        #expect(throws: GridText.NotUTF8.self) { try GridText.parse(utf8: [0x31, 0x20, 0xFF, 0x0A]) }
        // In a comment too: the file is not text.
        #expect(throws: GridText.NotUTF8.self) { try GridText.parse(utf8: Array("1 # ".utf8) + [0xC3]) }
    }
}
