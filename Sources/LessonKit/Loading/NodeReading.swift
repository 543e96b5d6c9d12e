import ConvKit
import Yams

/// Typed access to a YAML node that reports a diagnostic (rather than throwing) on the first
/// thing that is wrong, and returns nil so the caller can carry on with the next field.
struct Value {
    let node: Node
    let reporter: Reporter

    var place: Place { node.mark.map { Place(line: $0.line, column: $0.column) } ?? .start }

    var kindName: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let s):
            if isNull { "nothing (an empty value)" }
            else if s.style == .plain, node.int != nil { "a number" }
            else if s.style == .plain, node.float != nil { "a number" }
            else if s.style == .plain, node.bool != nil { "true/false" }
            else { "a string" }
        }
    }

    var isNull: Bool {
        guard case .scalar(let s) = node, s.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    func fail<T>(_ message: String) -> T? {
        reporter.error(place, message)
        return nil
    }

    func wrongType<T>(_ key: String, expected: String) -> T? {
        fail("\(key) must be \(expected), not \(kindName)")
    }

    /// Any non-empty scalar, as written (numbers and booleans included: `title: 42` is a title).
    func string(_ key: String) -> String? {
        guard case .scalar(let s) = node, !isNull else { return wrongType(key, expected: "a string") }
        guard !s.string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return fail("\(key) is empty") }
        return s.string
    }

    func int(_ key: String) -> Int? {
        guard case .scalar(let s) = node, s.style == .plain, !isNull else { return wrongType(key, expected: "a whole number") }
        // Past Int64 is held at its end, so the key's own bounds say "too large" or "outside".
        guard let v = CheckedSize.integer(Substring(s.string.replacingOccurrences(of: "_", with: ""))) else {
            return fail("\(key) must be a whole number; got '\(s.string)'")
        }
        return v
    }

    func bool(_ key: String) -> Bool? {
        guard case .scalar(let s) = node, s.style == .plain, let b = ["true": true, "false": false][s.string.lowercased()] else {
            return wrongType(key, expected: "true or false")
        }
        return b
    }

    /// A number written plainly (`4`, `-0.5`, `1e-3`) or as a quoted fraction (`"1/9"`).
    func number(_ key: String) -> Double? {
        guard case .scalar(let s) = node, !isNull else { return wrongType(key, expected: "a number") }
        guard let v = Numbers.parse(s.string) else { return fail("\(key) must be a number; got '\(s.string)'") }
        return v
    }

    func list(_ key: String) -> [Value]? {
        guard case .sequence(let seq) = node else { return wrongType(key, expected: "a list") }
        return seq.map { Value(node: $0, reporter: reporter) }
    }

    func strings(_ key: String) -> [String]? {
        guard let items = list(key) else { return nil }
        let values = items.compactMap { $0.string("each item of \(key)") }
        return values.count == items.count ? values : nil
    }

    /// `[c, y, x]`: a list of whole numbers.
    func indices(_ key: String) -> [Int]? {
        guard let items = list(key) else { return nil }
        guard !items.isEmpty else { return fail("\(key) is an empty list") }
        let values = items.compactMap { $0.int("each index of \(key)") }
        guard values.count == items.count else { return nil }
        if let i = values.firstIndex(where: { $0 < 0 }) { return items[i].fail("\(key) has a negative index") }
        return values
    }

    func fields(_ what: String, allowed: [String]) -> Fields? {
        guard case .mapping(let m) = node else { return wrongType(what, expected: "a mapping of keys to values") }
        return Fields(mapping: m, value: self, what: what, allowed: allowed)
    }
}

/// A YAML mapping whose keys are checked against the ones a schema allows.
struct Fields {
    let value: Value
    let what: String
    private(set) var entries: [(key: String, keyPlace: Place, value: Value)] = []
    /// Keys in the mapping, known or not.
    let keyCount: Int

    init(mapping: Node.Mapping, value: Value, what: String, allowed: [String]) {
        self.value = value
        self.what = what
        keyCount = mapping.count
        for (k, v) in mapping {
            let key = Value(node: k, reporter: value.reporter)
            guard case .scalar(let s) = k else {
                key.reporter.error(key.place, "keys in \(what) must be plain names, not \(key.kindName)")
                continue
            }
            guard allowed.contains(s.string) else {
                let hint = Spelling.closest(to: s.string, in: allowed).map { "; did you mean '\($0)'?" } ?? " (allowed: \(allowed.joined(separator: ", ")))"
                key.reporter.error(key.place, "unknown key '\(s.string)' in \(what)\(hint)")
                continue
            }
            entries.append((s.string, key.place, Value(node: v, reporter: value.reporter)))
        }
    }

    subscript(key: String) -> Value? { entries.first { $0.key == key }?.value }

    func has(_ key: String) -> Bool { self[key] != nil }

    func placeOfKey(_ key: String) -> Place { entries.first { $0.key == key }?.keyPlace ?? value.place }

    /// Where the key's value is written. An alias's node carries its anchor's mark, earlier in
    /// the file: an error about the alias belongs at its own key, not at the anchor.
    func placeOfValue(_ key: String) -> Place {
        let keyPlace = placeOfKey(key)
        guard let v = self[key] else { return keyPlace }
        return (v.place.line, v.place.column) < (keyPlace.line, keyPlace.column) ? keyPlace : v.place
    }

    /// The value of a key that must be there; reports it at the start of the mapping otherwise.
    func required(_ key: String) -> Value? {
        if let v = self[key] { return v }
        value.reporter.error(value.place, "\(what) is missing '\(key)'")
        return nil
    }
}

enum Spelling {
    /// The allowed word within two edits of `word`, for "did you mean" hints.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(Array(word.lowercased()), Array($0))) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
