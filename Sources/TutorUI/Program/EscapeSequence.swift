/// What follows an ESC that terminfo did not turn into a key. A CSI (`ESC [`) or SS3 (`ESC O`)
/// sequence is consumed whole, so its bytes never act as keys of their own (`ESC [ 9 9 ~` is not
/// `[`, the filter switch), and the Home/End/PgUp/PgDn/Delete/arrow sequences of xterm, rxvt,
/// screen/tmux and the Linux console are understood for terminfo entries that lack them.
/// Pure, so the terminal backend feeds it one character at a time and tests feed it strings.
public struct EscapeSequence: Sendable {
    public enum Step: Sendable, Equatable {
        /// Not finished yet: feed the next character.
        case more
        /// Finished: the key it names, or nil for a sequence to ignore.
        case key(Event?)
        /// ESC was a key by itself; the character fed is a key of its own (Alt+x sends ESC x).
        case notASequence
    }

    /// Longer than any key sequence: what never ends is dropped rather than read for ever.
    static let maxLength = 32
    private var body: [Character] = []
    /// An X10 mouse report (`ESC [ M` and three raw bytes) when terminfo has no kmous.
    private var mouseBytesLeft = 0

    public init() {}

    /// How long a lone ESC waits for a sequence to follow (vim's ttimeoutlen is 100 ms; slow
    /// links split sequences further apart): the price of a lone Esc key.
    public static let escapeMilliseconds: Int32 = 250
    /// Once `ESC [` or `ESC O` has begun, how long each further byte may take: a sequence is
    /// read whole however slowly it arrives, as no person types inside one.
    public static let byteMilliseconds: Int32 = 500

    /// How long to wait for the next character before calling `timedOut`.
    public var waitMilliseconds: Int32 {
        body.isEmpty && mouseBytesLeft == 0 ? Self.escapeMilliseconds : Self.byteMilliseconds
    }

    /// Nothing more came in time: a lone ESC is the Esc key; a sequence cut off is ignored
    /// whole, so none of its bytes act as keys.
    public func timedOut() -> Event? {
        body.isEmpty && mouseBytesLeft == 0 ? .escape : nil
    }

    public mutating func feed(_ c: Character) -> Step {
        if mouseBytesLeft > 0 {
            mouseBytesLeft -= 1
            return mouseBytesLeft == 0 ? .key(nil) : .more
        }
        if body.isEmpty {
            guard c == "[" || c == "O" else { return .notASequence }
            body.append(c)
            return .more
        }
        body.append(c)
        guard let byte = c.asciiValue, body.count <= Self.maxLength else { return .key(nil) }
        // The Linux console's F1–F5 are ESC [ [ A … ESC [ [ E: the second [ is no final byte.
        if body == ["[", "["] { return .more }
        if body.count == 3, body[1] == "[" { return .key(nil) }
        switch byte {
        case 0x24 where body.dropFirst().dropLast().allSatisfy(\.isNumber) && body.count > 2:
            return .key(Self.meaning(body))  // rxvt's shifted keys end in $ (ESC [ 7 $)
        case 0x20...0x3F:
            return .more  // parameters and intermediates
        case 0x40...0x7E:
            if body == ["[", "M"] {
                mouseBytesLeft = 3
                return .more
            }
            return .key(Self.meaning(body))
        default:
            return .key(nil)  // a control character cannot be inside a sequence: give it up
        }
    }

    /// The key a finished sequence names; modifiers (`ESC [ 1 ; 5 H`) are ignored.
    private static func meaning(_ body: [Character]) -> Event? {
        guard let final = body.last else { return nil }
        let parameters = body.dropFirst().dropLast()
        guard parameters.allSatisfy({ $0.isNumber || $0 == ";" }) else { return nil }
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "Z" where body.first == "[": return .backTab
        case "~", "^", "$", "@":
            // VT220 numbering (xterm, screen/tmux, the Linux console) and rxvt's 7/8.
            guard body.first == "[" else { return nil }
            switch Int(String(parameters.prefix { $0 != ";" })) {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            case 5: return .pageUp
            case 6: return .pageDown
            default: return nil
            }
        default: return nil
        }
    }
}
