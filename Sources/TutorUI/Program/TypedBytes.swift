/// Typed bytes as the terminal sends them, decoded as UTF-8 whatever the locale says: under
/// LANG=C ncurses hands over each byte ≥ 0x80 alone, yet terminals and tmux send UTF-8, so
/// U+2212 must still be a minus sign and é a character an answer is refused for. Bytes that are
/// not UTF-8 become one U+FFFD each run, never nothing. Pure: the terminal backend feeds it one
/// byte at a time and tests feed it arrays.
public struct TypedBytes: Sendable {
    public enum Step: Sendable, Equatable {
        /// A character is under way: feed the next byte.
        case more
        /// The bytes so far, this one included, are this character.
        case character(Character)
        /// The bytes before this one were no character (one U+FFFD); this byte was not used
        /// and starts afresh: feed it again.
        case broken
    }

    private var bytes: [UInt8] = []
    private var needed = 0

    public init() {}

    /// True while a character is under way (the backend waits for the rest, then calls `end`).
    public var isPending: Bool { !bytes.isEmpty }

    public mutating func feed(_ byte: UInt8) -> Step {
        if bytes.isEmpty {
            switch byte {
            case 0..<0x80: return .character(Character(Unicode.Scalar(byte)))
            case 0xC2...0xDF: needed = 2
            case 0xE0...0xEF: needed = 3
            case 0xF0...0xF4: needed = 4
            default: return .character("\u{FFFD}")  // a continuation byte alone, or never UTF-8
            }
            bytes = [byte]
            return .more
        }
        guard byte & 0xC0 == 0x80 else {
            bytes = []
            return .broken
        }
        bytes.append(byte)
        guard bytes.count == needed else { return .more }
        defer { bytes = [] }
        // Overlong forms, surrogates and values past U+10FFFF pass the length test but are no
        // character: the decoder repairs them, so anything repaired is one U+FFFD.
        let text = String(decoding: bytes, as: UTF8.self)
        return .character(text.unicodeScalars.count == 1 ? Character(text) : "\u{FFFD}")
    }

    /// Nothing more came: a character left unfinished is one U+FFFD.
    public mutating func end() -> Character? {
        defer { bytes = [] }
        return bytes.isEmpty ? nil : "\u{FFFD}"
    }
}
