import Testing
@testable import TutorUI

/// Typed bytes decoded as UTF-8 under a locale that is not UTF-8 (LANG=C).
@Suite struct TypedBytesTests {
    /// Feeds `bytes` and returns each step's outcome.
    static func feed(_ bytes: [UInt8]) -> [TypedBytes.Step] {
        var decoder = TypedBytes()
        return bytes.map { decoder.feed($0) }
    }

    /// Whole characters of every length come out at their last byte.
    @Test(arguments: ["−", "é", "😀", "5"] as [Character])
    func wholeCharacters(_ expected: Character) {
        let steps = Self.feed(Array(String(expected).utf8))
        #expect(steps.dropLast().allSatisfy { $0 == .more } && steps.last == .character(expected), "\(steps)")
    }

    /// Bytes that never start a character are one U+FFFD each, at once.
    @Test(arguments: [0x80, 0xBF, 0xC0, 0xC1, 0xF5, 0xFF] as [UInt8])
    func strayBytesAreReplaced(_ byte: UInt8) {
        #expect(Self.feed([byte]) == [.character("\u{FFFD}")])
    }

    /// A character broken off by another byte is one U+FFFD, and that byte is fed again.
    @Test func aBrokenCharacterIsOneReplacement() {
        #expect(Self.feed([0xE2, 0x88, 0x35]) == [.more, .more, .broken])
        var decoder = TypedBytes()
        _ = decoder.feed(0xC3)
        #expect(decoder.feed(0xC3) == .broken)
        #expect(decoder.feed(0xC3) == .more && decoder.feed(0xA9) == .character("é"))
    }

    /// Overlong forms and surrogates have the right length but are no character.
    @Test(arguments: [[0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]] as [[UInt8]])
    func invalidFormsAreOneReplacement(_ bytes: [UInt8]) {
        #expect(Self.feed(bytes).last == .character("\u{FFFD}"))
    }

    /// Nothing more came: an unfinished character is one U+FFFD, not nothing.
    @Test func anUnfinishedCharacterEndsAsAReplacement() {
        var decoder = TypedBytes()
        #expect(decoder.end() == nil)
        #expect(decoder.feed(0xF0) == .more && decoder.isPending)
        #expect(decoder.end() == "\u{FFFD}" && !decoder.isPending)
    }
}
