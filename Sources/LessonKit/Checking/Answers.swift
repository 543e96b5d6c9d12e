import Foundation

/// How a learner's typed answer compares with an expected one. Anything that cannot be read as
/// the kind of answer asked for is `unreadable`: it says what to type and costs no attempt.
public enum Verdict: Sendable, Equatable {
    case correct
    case wrong
    case unreadable(String)
}

public enum Answers {
    public static func check(_ text: String, against expected: Expected, choices: [String] = []) -> Verdict {
        switch expected {
        case .number(let want, let tolerance):
            guard let got = Numbers.parse(text) else { return .unreadable("Type a number, such as \(numberExamples(avoiding: want)).") }
            return close(got, want, tolerance) ? .correct : .wrong
        case .choice(let want):
            guard let got = choice(text, choices) else { return .unreadable(choiceTip(choices.count) + ".") }
            return got == want ? .correct : .wrong
        case .shape(let want):
            guard let got = shape(text) else { return .unreadable("Type a shape such as \(shapeExamples(avoiding: want)).") }
            return sameShape(got, want) ? .correct : .wrong
        case .grid(let want, let tolerance):
            guard let rows = rows(text) else { return .unreadable("Type numbers separated by spaces, rows separated by ;.") }
            guard rows.count == want.count else { return .wrong }
            return zip(rows, want).allSatisfy { rowMatches($0, $1, tolerance) } ? .correct : .wrong
        }
    }

    /// Example numbers for a tip, none of them the answer (a tip must not give it away).
    public static func numberExamples(avoiding want: Double) -> String {
        let picked = ["7", "-1.5", "1/9", "12", "-2.5", "1/3"].filter { !close(Numbers.parse($0)!, want, 1e-9) }.prefix(3)
        return picked.dropLast().joined(separator: ", ") + " or " + picked.last!
    }

    /// An example shape for a tip that is not the answer, with as many dimensions as the answer
    /// (a channels×rows×columns question shows three).
    public static func shapeExample(avoiding want: [Int]) -> String {
        (want.count >= 3 ? threeD : twoD).first { !sameShape(shape($0)!, want) }!
    }

    /// A 2-D and a 3-D example shape, neither of them the answer.
    public static func shapeExamples(avoiding want: [Int]) -> String {
        twoD.first { !sameShape(shape($0)!, want) }! + " or " + threeD.first { !sameShape(shape($0)!, want) }!
    }

    private static let twoD = ["4x6", "5x7", "2x8"], threeD = ["2x4x6", "3x5x5", "4x2x2"]

    public static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        // −∞ (a max window that reads only padding) is only itself.
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= max(tolerance, 1e-9 * abs(b))
    }

    public static func rowMatches(_ got: [Double], _ want: [Double], _ tolerance: Double) -> Bool {
        got.count == want.count && zip(got, want).allSatisfy { close($0, $1, tolerance) }
    }

    /// The ways to answer a multiple choice, said wherever one is asked.
    public static func choiceTip(_ count: Int, capitalized: Bool = true) -> String {
        let last = Character(UnicodeScalar(UInt8(96 + min(count, 26))))
        return (capitalized ? "Type" : "type") + " a choice's number (1 to \(count)), its letter (a to \(last)) or its text"
    }

    /// `2`, `2)`, `b`, `b.`, the text of the choice itself, or the whole line as shown
    /// (`2) Only the third (blue)`); 1-based. The text is compared whole, so a choice that
    /// ends in `)` or `.` is still found by its text.
    static func choice(_ text: String, _ choices: [String]) -> Int? {
        let typed = normalized(text)
        let label = typed.hasSuffix(")") || typed.hasSuffix(".") ? String(typed.dropLast()) : typed
        if let n = Int(label), choices.indices.contains(n - 1) { return n }
        if label.count == 1, let c = label.unicodeScalars.first, c.value >= 97, c.value < 97 + UInt32(choices.count) {
            return Int(c.value) - 96
        }
        let texts = choices.map(normalized)
        let bare = { (s: String) in s.hasSuffix(".") ? String(s.dropLast()) : s }
        if let i = texts.firstIndex(where: { bare($0) == bare(typed) }) { return i + 1 }
        if let i = texts.indices.first(where: { bare("\($0 + 1)) " + texts[$0]) == bare(typed) }) { return i + 1 }
        let t = bare(typed)
        // "yes" or "no" picks the one choice that starts with that word.
        if t == "yes" || t == "no" {
            let word = t
            let matches = choices.indices.filter { i in
                let c = choices[i].lowercased()
                return c.hasPrefix(word) && !(c.dropFirst(word.count).first?.isLetter ?? false)
            }
            if matches.count == 1 { return matches[0] + 1 }
        }
        return nil
    }

    /// Lowercased, with runs of spaces as one space and none at the ends.
    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `3x3`, `3×3`, `3 X 3`, `3 3`, `3,3`, `(3, 3)`, `[1,3,3]`.
    public static func shape(_ text: String) -> [Int]? {
        let separators = CharacterSet(charactersIn: "xX×*, \t()[]")
        let parts = text.components(separatedBy: separators).filter { !$0.isEmpty }
        guard !parts.isEmpty else { return nil }
        let dims = parts.compactMap { Int($0) }
        guard dims.count == parts.count, dims.allSatisfy({ $0 >= 0 }) else { return nil }
        return dims
    }

    /// Shapes are compared without leading 1s: a one-channel 3×3 output is `3x3` or `1x3x3`.
    public static func sameShape(_ a: [Int], _ b: [Int]) -> Bool {
        a.drop(while: { $0 == 1 }) == b.drop(while: { $0 == 1 })
    }

    /// Rows separated by `;` (or typed one per line by the caller), numbers by spaces or commas.
    public static func rows(_ text: String) -> [[Double]]? {
        let rows = text.split(separator: ";").map { row in
            row.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map { Numbers.parse(String($0)) }
        }.filter { !$0.isEmpty }
        guard !rows.isEmpty, rows.allSatisfy({ $0.allSatisfy { $0 != nil } }) else { return nil }
        return rows.map { $0.map { $0! } }
    }

    /// How an expected answer is written when it is revealed.
    public static func text(_ expected: Expected, choices: [String] = []) -> String {
        switch expected {
        case .number(let v, _): return Numbers.text(v)
        case .choice(let i): return choices.indices.contains(i - 1) ? "\(i)) \(choices[i - 1])" : "\(i)"
        case .shape(let s): return s.map(String.init).joined(separator: "x")
        case .grid(let rows, _): return GridLayout.text(rows)
        }
    }
}

/// Aligned plain-text grids, right-aligned columns, one row per line.
public enum GridLayout {
    public static func text(_ rows: [[String]]) -> String {
        let width = rows.flatMap { $0 }.map(\.count).max() ?? 1
        return rows.map { row in
            row.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    public static func text(_ rows: [[Double]]) -> String { text(rows.map { $0.map(Numbers.text) }) }
}
