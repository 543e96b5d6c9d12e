/// How many terminal cells text takes, by wcwidth's rules: East Asian wide and fullwidth
/// characters and emoji shown as emoji take 2, combining marks and other zero-width characters
/// 0, everything else 1. Every layout, cut and padding of text measures with this, and the cell
/// buffer stores a 2-cell character as a lead cell and a continuation cell.
public enum CellWidth {
    /// The cells of a whole string: its byte count when it is ASCII, without breaking graphemes.
    /// Under `Charset.ascii`, the cells of its ASCII stand-ins.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        var ascii = true
        for b in text.utf8 where b >= 0x80 { ascii = false; break }
        if ascii { return text.utf8.count }
        if Charset.current == .ascii { return AsciiText.transliterate(String(text)).utf8.count }
        var n = 0
        for c in text { n += unicode(c) }
        return n
    }

    /// One user-perceived character: a flag, an emoji sequence or anything asking for emoji
    /// presentation (U+FE0F) is 2; otherwise its first scalar that takes room decides.
    /// Under `Charset.ascii`, the cells of its stand-in.
    public static func of(_ c: Character) -> Int {
        if c.isASCII { return 1 }
        return Charset.current == .ascii ? AsciiText.standIn(c).utf8.count : unicode(c)
    }

    public static func of(_ s: Unicode.Scalar) -> Int {
        if s.isASCII { return 1 }
        return Charset.current == .ascii ? AsciiText.standIn(Character(s)).utf8.count : unicode(s)
    }

    /// Cells on a terminal that shows Unicode: what the buffer stores, once text is written
    /// in the charset it is drawn in.
    static func unicode(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count == 1 { return unicode(first) }
        if (0x1F1E6...0x1F1FF).contains(first.value) || scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        for s in scalars where unicode(s) > 0 { return unicode(s) }
        return 0
    }

    static func unicode(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        // Latin, punctuation, arrows, maths, box drawing and shapes: what the UI draws most.
        if v < 0x300 || (v >= 0x2010 && v < 0x2300) || (v >= 0x2500 && v < 0x25FD) { return 1 }
        // Kana, CJK ideographs, Hangul syllables: wide, and no marks among them.
        if (v >= 0x3041 && v <= 0x3096) || (v >= 0x30A1 && v <= 0x30FA) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0xAC00 && v <= 0xD7A3) { return 2 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v >= 0x1160 && v <= 0x11FF { return 0 }   // Hangul vowels and finals join the syllable
        if s.properties.isEmojiPresentation { return 2 }
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    /// East Asian Wide and Fullwidth blocks (emoji are found by their presentation property).
    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
        0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1B000...0x1B2FF,
        0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// The longest prefix of `text` that fits in `width` cells (a wide character that would
    /// straddle the edge is left out), and the cells it takes.
    public static func prefix<S: StringProtocol>(_ text: S, fitting width: Int) -> (S.SubSequence, Int) {
        var used = 0
        var end = text.startIndex
        for i in text.indices {
            let w = of(text[i])
            if used + w > width { break }
            used += w
            end = text.index(after: i)
        }
        return (text[..<end], used)
    }
}

extension CellWidth {
    /// The longest suffix of `text` that fits in `width` cells: the end of a typed line.
    public static func suffix(_ text: String, fitting width: Int) -> Substring {
        var used = 0
        var start = text.endIndex
        while start > text.startIndex {
            let i = text.index(before: start)
            used += of(text[i])
            if used > width { break }
            start = i
        }
        return text[start...]
    }
}

extension StringProtocol {
    /// Terminal cells, by `CellWidth`.
    var cellWidth: Int { CellWidth.of(self) }
    /// The longest prefix that fits in `width` cells.
    func prefix(cells width: Int) -> String { String(CellWidth.prefix(self, fitting: width).0) }
}
