import ConvKit
import Testing
@testable import TutorUI

/// The buffer's fast paths (scalars instead of Characters, digits instead of Strings, shades
/// from reciprocals) must draw exactly what the plain ones do.
@Suite struct CellBufferTests {
    /// What `put` draws, grapheme by grapheme: padding, then a cell for each character (two for
    /// a wide one, the second reading as a space; none for a mark with nothing to attach to).
    func reference(_ text: String, width: Int = 0) -> [[UInt32]] {
        var cells = [[UInt32]](repeating: [32], count: max(0, width - CellWidth.of(text)))
        for ch in text {
            let w = CellWidth.of(ch)
            if w > 0 { cells.append(ch.unicodeScalars.map(\.value)) }
            if w > 1 { cells.append([32]) }
        }
        return cells
    }

    func drawn(_ b: CellBuffer, count: Int) -> [[UInt32]] {
        (0..<count).map { b[$0, 0].character.unicodeScalars.map(\.value) }
    }

    static func characters(_ scalars: [Unicode.Scalar]) -> Int { String(String.UnicodeScalarView(scalars)).count }

    /// Whether anything joins `s` from either side: a letter, Hangul jamo (L, V, T) or a
    /// regional indicator on its right, a letter or an L jamo on its left. By the rules of
    /// UAX #29 two scalars nothing joins always break, which lets `put` skip grapheme breaking.
    static func joins(_ s: Unicode.Scalar) -> Bool {
        let right: [Unicode.Scalar] = ["a", "\u{1100}", "\u{1161}", "\u{11A8}", "\u{1F1EB}"], left: [Unicode.Scalar] = ["a", "\u{1100}"]
        return right.contains { characters([s, $0]) != 2 } || left.contains { characters([$0, s]) != 2 }
    }

    @Test func standaloneScalarsNeverJoinTheirNeighbours() {
        let standalone = (UInt32(0)...0x2FFF).filter(Graphemes.standsAlone).map { Unicode.Scalar($0)! }
        #expect(standalone.count > 3_000)
        #expect(standalone.filter(Self.joins).map { String($0.value, radix: 16) } == [])
        // The probes do catch what joins: marks, joiners, prepends, spacing marks, jamo, flags.
        let joiners: [Unicode.Scalar] = ["\u{301}", "\u{200D}", "\u{FE0F}", "\u{600}", "\u{903}", "\u{1100}", "\u{1161}", "\u{11A8}", "\u{1F1EB}", "\u{AC00}"]
        #expect(joiners.allSatisfy(Self.joins) && !joiners.contains { Graphemes.standsAlone($0.value) })
        #expect(!Graphemes.standsAlone(0x0D), "CR LF is one character")
    }

    @Test func textIsDrawnCharacterByCharacter() {
        let texts = ["plain", "…·×→─│▀◂▸ ⇄°−", "e\u{301}x", "🇫🇷🇩🇪", "a\r\nb", "👩‍👩‍👧!", "\u{915}\u{94D}\u{937}",
                     "\u{1100}\u{1161}\u{11A8}", "\u{301}lead", "é vs e\u{301}", "", "7", "-12"]
        for text in texts {
            for width in [0, 3, 12] {
                var b = CellBuffer(Size(width: 20, height: 1))
                let end = b.put(text, x: 0, y: 0, rightAlignedIn: width, Style(.sum))
                let expected = reference(text, width: width)
                #expect(end == expected.count, "\(text)")
                #expect(drawn(b, count: expected.count) == expected, "\(text) in \(width)")
                #expect((0..<expected.count).allSatisfy { b[$0, 0].style == Style(.sum) })
            }
        }
    }

    /// Cut at both edges, as the cell-by-cell writes were.
    @Test func textIsClippedAtTheEdges() {
        for text in ["clip me", "─│▀ ·", "e\u{301}x!", "-1234"] {
            for x in [-15, -4, 0, 6, 9, 12, 30] {
                for width in [0, 9] {
                    var b = CellBuffer(Size(width: 12, height: 2)), expected = b
                    let end = b.put(text, x: x, y: 1, rightAlignedIn: width, .plain)
                    for (i, scalars) in reference(text, width: width).enumerated() {
                        expected[x + i, 1] = Cell(Character(String(String.UnicodeScalarView(scalars.map { Unicode.Scalar($0)! }))))
                    }
                    #expect(b == expected && end == x + reference(text, width: width).count, "\(text) at \(x) in \(width)")
                    if let n = Int64(text) {
                        var digits = CellBuffer(Size(width: 12, height: 2))
                        digits.put(n, x: x, y: 1, rightAlignedIn: width, .plain)
                        #expect(digits == expected, "\(n) at \(x) in \(width)")
                    }
                }
            }
        }
    }

    @Test func wholeNumbersAreDrawnAsTheirText() {
        for n: Int64 in [0, 7, -7, 10, 255, -999, 123_456_789, -100_000_000] {
            for width in [1, 2, 4, 12] {
                var digits = CellBuffer(Size(width: 14, height: 1)), text = digits
                digits.put(n, x: 1, y: 0, rightAlignedIn: width, .current)
                text.put(String(n), x: 1, y: 0, rightAlignedIn: width, .current)
                #expect(digits == text, "\(n) in \(width)")
            }
        }
        #expect(NumberFormat.whole(-0.0) == 0 && NumberFormat.whole(2.5) == nil && NumberFormat.whole(1e9) == nil)
        #expect(NumberFormat.whole(.nan) == nil && NumberFormat.whole(-.infinity) == nil)
    }

    /// Values on and next to the halves where rounding turns, where the multiply-by-reciprocal
    /// estimate must give way to the formula.
    @Test func shadesMatchTheirFormulaAtHalvesToo() {
        var r = UnitRandom(state: 9)
        let gray = (0...30).map(Double.init) + (0..<2000).map { _ in (r.unit() + 1) * 15 }
        let signed = (-64...64).map { Double($0) / 8 } + (0..<2000).map { _ in r.unit() * 3 }
        for (values, isSigned) in [(gray, false), (signed, true)] {
            let stats = ValueStats(values)
            let scale = StepperState.ShadeScale(stats, signed: isSigned)
            let m = max(abs(stats.low), abs(stats.high), 1e-300), span = stats.high - stats.low
            for v in values + values.map(\.nextUp) + values.map(\.nextDown) where v >= stats.low && v <= stats.high {
                let expected: Shade = isSigned ? .signed(Int8((v / m * 8).rounded())) : .gray(UInt8(((v - stats.low) / span * 15).rounded()))
                #expect(scale(v) == expected, "\(v)")
            }
        }
    }
}

/// Uniform doubles in [-1, 1) from a seed.
struct UnitRandom {
    var state: UInt64
    mutating func unit() -> Double { Double(SplitMix64.step(&state) >> 11) * 0x1p-52 - 1 }
}
