import Foundation

/// ASCII for text that must be shown where only ASCII can be (`Charset.ascii`): the one table
/// of stand-ins, used by the screen (`CellBuffer`, `TextLayout`), plain mode and every command's
/// human-readable output. A stand-in may be longer than its character (`→` is `->`, `✓` is
/// `[ok]`): text is transliterated before it is measured, so layouts make room for it.
///
/// Past the table: box drawing by its strokes (`-`, `|`, `+`), superscripts and subscripts as
/// `^2`, `_0` (a run shares one mark: `10¹⁵` is `10^15`), Greek letters by name (`α` is
/// `alpha`, `Δ` is `Delta`), accented and compatibility forms by their base letters (`é` is
/// `e`, `ﬁ` is `fi`). Anything else is `~`: never `?`, which a reader would take for a
/// question, and short, because a Unicode name would not fit where the character did.
public enum AsciiText {
    /// What stands for an unknown character.
    public static let unknown = "~"

    static let table: [Character: String] = [
        // Maths and punctuation of the lessons and the UI. `·` is here out of context; in text
        // it depends on its neighbours (see `dot`).
        "·": "*", "∗": "*", "×": "x", "÷": "/", "−": "-", "–": "-", "—": "--", "‐": "-", "‑": "-", "⁄": "/",
        "…": "...", "±": "+-", "∓": "-+", "≈": "~=", "≤": "<=", "≥": ">=", "≠": "!=", "≡": "==",
        "°": "deg", "′": "'", "″": "\"", "√": "sqrt", "∞": "inf", "∈": "in", "∘": "o", "•": "*",
        "⊙": "(.)", "⊗": "(x)", "Σ": "sum", "∑": "sum", "∏": "prod",
        "‘": "'", "’": "'", "“": "\"", "”": "\"", "«": "<<", "»": ">>", "‹": "<", "›": ">",
        // Arrows, marks and pointers.
        "→": "->", "←": "<-", "↑": "^", "↓": "v", "↔": "<->", "⇄": "<->", "⇒": "=>", "⇐": "<=",
        "✓": "[ok]", "✔": "[ok]", "✗": "[no]", "✘": "[no]", "⚠": "!",
        "▸": ">", "▶": ">", "►": ">", "◂": "<", "◀": "<", "◄": "<", "▴": "^", "▲": "^", "▾": "v", "▼": "v",
        // Blocks, darkest first (heatmap pixels with shades become ramp characters, see `Cell.ascii`).
        "█": "#", "▓": "%", "▒": ":", "░": ".", "▀": "\"", "▄": "_",
        // A control character a file held is shown as U+FFFD.
        "\u{FFFD}": unknown,
    ]

    /// `text` in ASCII. `×` between letters is ` x `. `·` reads by context: `*` between operands (`1·1`, `w · x`, `kh · kw`),
    /// `|` between phrases (`stride 1 · pad 0`), and `.` where it stands alone (a not-yet mark).
    /// `product` replaces `*` for the products, for text whose `*` is markup (lesson prose).
    /// A column gap (three spaces or more) after a longer stand-in gives back the extra
    /// width, down to two spaces, so hand-aligned columns (`→ ←       next`) stay aligned.
    public static func transliterate(_ text: String, product: String = "*") -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        let cs = Array(text)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousScript: Character?
        var extra = 0   // columns the stand-ins of this line took beyond their characters
        var i = 0
        while i < cs.count {
            let c = cs[i]
            defer { i += 1 }
            if c.isASCII {
                previousScript = nil
                if c == "\n" { extra = 0 }
                var spaces = 1
                while c == " ", i + spaces < cs.count, cs[i + spaces] == " " { spaces += 1 }
                if spaces >= 3 && extra > 0 {
                    let kept = max(2, spaces - extra)
                    extra -= spaces - kept
                    out += String(repeating: " ", count: kept)
                    i += spaces - 1
                } else {
                    out.append(c)
                }
                continue
            }
            let before = out.utf8.count
            defer { extra += out.utf8.count - before - CellWidth.unicode(c) }
            let script = script(c)
            if c == "·" {
                out += dot(cs, at: i, product: product)
            } else if c == "×", i > 0, i + 1 < cs.count, cs[i - 1].isLetter, cs[i + 1].isLetter {
                // Between words an `x` would run them together (`channelsxrows`); `3×3` stays `3x3`.
                out += " x "
            } else if let s = table[c] {
                out += s
            } else if let (mark, body) = script {
                out += (previousScript == mark ? "" : String(mark)) + body
            } else {
                out += standIn(c)
            }
            previousScript = script?.0
        }
        return out
    }

    /// The stand-in for one character out of context (for measuring and single cells).
    public static func standIn(_ c: Character) -> String {
        if c.isASCII { return String(c) }
        if let s = table[c] { return s }
        if let (mark, body) = script(c) { return String(mark) + body }
        guard let first = c.unicodeScalars.first else { return unknown }
        let name = first.properties.name ?? ""
        if (0x2500...0x257F).contains(first.value) {
            // A plain stroke is one direction; corners, tees and crossings join two.
            let joins = name.contains(" AND ") || name.contains("ARC")
            return joins ? "+" : name.contains("HORIZONTAL") ? "-" : name.contains("VERTICAL") ? "|" : "+"
        }
        if first.properties.generalCategory == .spaceSeparator { return " " }
        if let greek = greekName(name) { return greek }
        // A base letter with accents, a ligature, a full-width form: their compatibility parts.
        let parts = String(c).decomposedStringWithCompatibilityMapping.unicodeScalars
        if parts.count > 1 || parts.first != first {
            let ascii = parts.filter { $0.properties.generalCategory != .nonspacingMark }
                .map { $0.isASCII ? String($0) : standIn(Character($0)) }.joined()
            if !ascii.isEmpty { return ascii }
        }
        return unknown
    }

    /// The one character a single cell shows: the stand-in itself when it is one character,
    /// else its telling one (`>` of `->`, `o` of `[ok]`).
    public static func narrow(_ c: Character) -> Character {
        let s = standIn(c)
        if s.count == 1 { return s.first! }
        return s.first { !"[-_^ ".contains($0) } ?? s.first ?? "~"
    }

    /// A middle dot by its neighbours. Between two single spaces and two words it multiplies
    /// when both look like operands: a digit, letter or `)` before, and `(` or a one- or
    /// two-character name after that is not the first word of a phrase (`pace · q quit`
    /// separates). Beside a line's end, padding or another dot it is a grid's empty cell.
    static func dot(_ cs: [Character], at i: Int, product: String) -> String {
        let before = i > 0 ? cs[i - 1] : nil, after = i + 1 < cs.count ? cs[i + 1] : nil
        guard let before, let after else { return "." }
        if !before.isWhitespace && !after.isWhitespace { return product }
        guard before == " ", after == " ", i >= 2, i + 2 < cs.count else { return "." }
        let left = cs[i - 2]
        if left.isWhitespace || left == "·" || cs[i + 2].isWhitespace || cs[i + 2] == "·" { return "." }
        var j = i + 2
        while j < cs.count, cs[j].isLetter || cs[j].isNumber { j += 1 }
        let name = j - (i + 2)
        let phrase = j + 1 < cs.count && cs[j] == " " && cs[j + 1].isLetter
        let operandLeft = left.isLetter || left.isNumber || left == ")"
        let operandRight = (i + 2 < cs.count && cs[i + 2] == "(") || ((1...2).contains(name) && !phrase)
        return operandLeft && operandRight ? product : "|"
    }

    /// A superscript (`²`, `ᵀ`) or subscript (`₀`) as its mark and its plain form.
    static func script(_ c: Character) -> (Character, String)? {
        guard c.unicodeScalars.count == 1, let s = c.unicodeScalars.first, let name = s.properties.name else { return nil }
        let mark: Character
        if name.contains("SUPERSCRIPT") || name.hasPrefix("MODIFIER LETTER CAPITAL") || name.hasPrefix("MODIFIER LETTER SMALL") {
            mark = "^"
        } else if name.contains("SUBSCRIPT") {
            mark = "_"
        } else {
            return nil
        }
        let body = String(c).decomposedStringWithCompatibilityMapping
        guard body.unicodeScalars.allSatisfy(\.isASCII), !body.isEmpty else { return nil }
        return (mark, body)
    }

    /// `alpha` for α, `Delta` for Δ: the letter's name in the case of the letter.
    static func greekName(_ name: String) -> String? {
        let small = name.hasPrefix("GREEK SMALL LETTER "), capital = name.hasPrefix("GREEK CAPITAL LETTER ")
        guard small || capital else { return nil }
        // The letter's own name: "FINAL SIGMA" is a sigma, "ALPHA WITH TONOS" an alpha.
        let words = name.split(separator: " ").dropFirst(3).prefix { $0 != "WITH" }
        guard let letter = words.last?.lowercased() else { return nil }
        return capital ? letter.prefix(1).uppercased() + letter.dropFirst() : letter
    }
}

extension Cell {
    /// The cell in one ASCII character: a heatmap pixel (a block with shades) as a character
    /// of the brightness ramp, in its shades; anything else as `AsciiText.narrow`.
    public var ascii: Cell {
        guard code >= 0x80, !isContinuation else { return self }
        let shades = [style.fg, style.bg].compactMap { $0 }
        if !shades.isEmpty { return Cell(Shade.rampCharacter(shades), style) }
        return Cell(AsciiText.narrow(character), style)
    }
}
