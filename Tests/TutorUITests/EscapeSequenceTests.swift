import Testing
@testable import TutorUI

/// What the terminal backend does with the characters after an ESC that terminfo did not know.
@Suite struct EscapeSequenceTests {
    /// Feeds `text` (the characters after ESC) and returns each step's outcome.
    static func feed(_ text: String) -> [EscapeSequence.Step] {
        var sequence = EscapeSequence()
        return text.map { sequence.feed($0) }
    }

    /// The sequence ends exactly at its last character, naming the key.
    @Test(arguments: [
        // xterm (normal and application cursor mode, with modifiers)
        ("[H", Event.home), ("[F", .end), ("OH", .home), ("OF", .end), ("[1;5H", .home), ("[1;2F", .end),
        ("[A", .up), ("OB", .down), ("[1;3C", .right), ("OD", .left), ("[Z", .backTab),
        // VT220 numbering: xterm, screen/tmux and the Linux console
        ("[1~", .home), ("[4~", .end), ("[5~", .pageUp), ("[6~", .pageDown), ("[3~", .delete), ("[3;5~", .delete),
        // rxvt, with its shift and control forms
        ("[7~", .home), ("[8~", .end), ("[7$", .home), ("[8^", .end), ("[5^", .pageUp),
    ])
    func knownSequencesNameTheirKey(_ text: String, _ key: Event) {
        let steps = Self.feed(text)
        #expect(steps.dropLast().allSatisfy { $0 == .more } && steps.last == .key(key), "\(text): \(steps)")
    }

    /// Unknown sequences are consumed to their final byte and ignored: none of their characters
    /// reaches the program as a key (ESC [ 9 9 ~ must not switch the filter with [).
    @Test(arguments: ["[99~", "[2~", "[15~", "[200~", "[?1;2c", "[<0;10;5M", "OP", "[[A", "[[E", "[M !!", "[1;5Q", "[6n"])
    func unknownSequencesAreSwallowedWhole(_ text: String) {
        let steps = Self.feed(text)
        #expect(steps.dropLast().allSatisfy { $0 == .more } && steps.last == .key(nil), "\(text): \(steps)")
    }

    /// ESC followed by anything but [ or O is Esc, then that character as a key of its own.
    @Test func escapeThenAnotherKeyIsTwoKeys() {
        #expect(Self.feed("q") == [.notASequence])
        #expect(Self.feed("[") == [.more])
    }

    /// A sequence that never ends, or breaks off with a control character, is given up.
    @Test func runawaySequencesEnd() {
        let steps = Self.feed("[" + String(repeating: "1", count: 40))
        #expect(steps.contains(.key(nil)) && steps.firstIndex(of: .key(nil))! <= EscapeSequence.maxLength)
        #expect(Self.feed("[1\u{7}") == [.more, .more, .key(nil)])
    }

    /// A lone ESC waits briefly; once `ESC [` or `ESC O` has begun, each further byte may take
    /// far longer, so a sequence split by a slow link is read whole instead of leaking as keys.
    @Test func aBegunSequenceWaitsLongerForItsBytes() {
        var sequence = EscapeSequence()
        #expect(sequence.waitMilliseconds == EscapeSequence.escapeMilliseconds)
        #expect(sequence.timedOut() == .escape)
        #expect(sequence.feed("[") == .more)
        #expect(sequence.waitMilliseconds == EscapeSequence.byteMilliseconds)
        #expect(EscapeSequence.byteMilliseconds > EscapeSequence.escapeMilliseconds)
        #expect(sequence.timedOut() == nil, "a cut-off sequence is ignored, not Esc")
        for c in "99" { #expect(sequence.feed(c) == .more && sequence.waitMilliseconds == EscapeSequence.byteMilliseconds) }
        #expect(sequence.feed("~") == .key(nil))
        var mouse = EscapeSequence()
        for c in "[M" { _ = mouse.feed(c) }
        #expect(mouse.waitMilliseconds == EscapeSequence.byteMilliseconds && mouse.timedOut() == nil)
    }
}
