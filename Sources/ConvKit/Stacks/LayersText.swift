extension FieldLayer {
    /// The keys a layer takes, in the order help and messages list them.
    public static let keys = ["k", "s", "p", "d"]

    /// Layers written as `--layers` takes them: `conv k=3; conv k=3 s=2 p=1; pool k=2`. Each
    /// layer is a word (conv or pool) and `key=value` pairs in any order, each key at most once;
    /// k is required. Words and keys match in any case; empty layers (`;;`, a trailing `;`) are
    /// skipped. Every error is one line naming `option` and the layer's 1-based count.
    public static func parse(_ text: String, option: String = "--layers") throws -> [FieldLayer] {
        let written = text.split(separator: ";").filter { !$0.allSatisfy(\.isWhitespace) }
        guard !written.isEmpty else { throw ConvError("\(option): no layers given; e.g. \"conv k=3; pool k=2\"") }
        return try written.enumerated().map { n, layer in
            do {
                return try parseLayer(layer)
            } catch let e as ConvError {
                throw ConvError("\(option): layer \(n + 1): \(e.message)")
            }
        }
    }

    private static func parseLayer(_ text: Substring) throws -> FieldLayer {
        let words = text.split(whereSeparator: \.isWhitespace)
        let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let kind = Kind(rawValue: words[0].lowercased()) else {
            throw ConvError("unknown layer '\(words[0])' (layers: \(kinds))")
        }
        let keyList = keys.joined(separator: ", ")
        var values: [String: Int] = [:]
        for word in words.dropFirst() {
            let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw ConvError("'\(word)' is not key=value (keys: \(keyList))")
            }
            let key = parts[0].lowercased()
            guard keys.contains(key) else { throw ConvError("unknown key '\(parts[0])' (keys: \(keyList))") }
            guard values[key] == nil else { throw ConvError("\(key) is given twice") }
            if parts[1].contains(",") { throw ConvError("\(key)=\(parts[1]): one number per key; layers here are square, so it serves rows and columns") }
            guard let value = CheckedSize.integer(parts[1]) else { throw ConvError("\(key)=\(parts[1]) is not a whole number") }
            values[key] = value
        }
        guard let k = values["k"] else { throw ConvError("\(kind.rawValue) needs k, its window size (e.g. '\(kind.rawValue) k=3')") }
        return try FieldLayer(kind, k: k, s: values["s"], p: values["p"] ?? 0, d: values["d"] ?? 1)
    }
}
