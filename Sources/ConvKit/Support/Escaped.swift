/// Text from a file, made safe to print: a lesson or a data file must not be able to move the
/// cursor, retitle the window (OSC), ring the bell or fake an extra line of output. Control
/// characters (C0, DEL, C1) are shown as `\x1B`-style escapes; everything else is kept.
public enum Escaped {
    /// Multi-line text (lesson prose in plain mode): newlines and tabs are kept.
    public static func text(_ s: String) -> String { escape(s, keeping: ["\n", "\t"]) }

    /// One line (an error or warning): newlines are escaped too.
    public static func line(_ s: String) -> String { escape(s, keeping: ["\t"]) }

    /// A table cell (a title in `lessons`): a tab would move the columns after it, so it is a
    /// space here.
    public static func cell(_ s: String) -> String { line(s).replacing("\t", with: " ") }

    /// A piece of a data file quoted in a message: one line, at most `limit` characters.
    public static func token(_ s: some StringProtocol, limit: Int = 24) -> String {
        let shown = line(String(s.prefix(limit)))
        return s.count > limit ? shown + "…" : shown
    }

    private static func escape(_ s: String, keeping kept: Set<Unicode.Scalar>) -> String {
        guard s.unicodeScalars.contains(where: { isControl($0) && !kept.contains($0) }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if isControl(u) && !kept.contains(u) {
                let hex = String(u.value, radix: 16, uppercase: true)
                out.append(contentsOf: "\\x\(hex.count < 2 ? "0" + hex : hex)".unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    private static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value)
    }
}
