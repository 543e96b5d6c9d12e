import Yams

/// Yams' errors as one-line diagnostics. Its own descriptions span several lines with a
/// snippet; here the place goes in front and the message stays short.
enum YAMLErrors {
    static func report(_ error: Error, text: String, to r: Reporter) {
        guard let e = error as? YamlError else {
            r.error(.start, "YAML: \(error)")
            return
        }
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            let place = Place(line: mark.line, column: mark.column)
            if character(at: place, in: r) == "\t" {
                r.error(place, "tab character: YAML indentation must use spaces")
                return
            }
            // An unclosed quote is found at the end of the file; the quote itself is the place to fix.
            if let context, context.text.contains("quoted scalar"), problem.contains("end of stream") {
                let quote = Place(line: context.mark.line, column: context.mark.column)
                r.error(quote, "YAML syntax: this quoted string is never closed (the file ends before its closing quote)")
                return
            }
            var message = "YAML syntax: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            r.error(place, message)
        case .reader(let problem, let offset, _, _):
            r.error(offset.map { place(ofCharacter: $0, in: text) } ?? .start, "YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let first = Place(line: context.mark.line, column: context.mark.column)
            let key = duplicates.first ?? ""
            if let again = repeated(key, after: first, in: r) {
                r.error(again, "duplicate key '\(key)' (first at line \(first.line))")
            } else {
                r.error(first, "key '\(key)' appears more than once in the same mapping")
            }
        default:
            r.error(.start, "YAML: \(e)")
        }
    }

    /// Yams marks the first of two equal keys; the second is the one to point at. Block
    /// mappings only: the next line at the same indentation that starts with the key.
    private static func repeated(_ key: String, after first: Place, in r: Reporter) -> Place? {
        var n = first.line + 1
        while let line = r.sourceLine(n) {
            let indent = line.prefix(while: { $0 == " " }).count
            let rest = line.dropFirst(indent)
            if !rest.isEmpty && !rest.hasPrefix("#") {
                if indent < first.column - 1 { return nil }
                if indent == first.column - 1 && (rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':")) {
                    return Place(line: n, column: indent + 1)
                }
            }
            n += 1
        }
        return nil
    }

    private static func character(at p: Place, in r: Reporter) -> Character? {
        guard let line = r.sourceLine(p.line) else { return nil }
        let scalars = line.unicodeScalars
        guard p.column >= 1, p.column <= scalars.count else { return nil }
        return Character(scalars[scalars.index(scalars.startIndex, offsetBy: p.column - 1)])
    }

    /// Yams reports reader errors as a Character offset into the text.
    static func place(ofCharacter offset: Int, in text: String) -> Place {
        var p = Place.start
        for (i, ch) in text.enumerated() {
            if i >= offset { break }
            if ch == "\n" || ch == "\r\n" { p.line += 1; p.column = 1 } else { p.column += 1 }
        }
        return p
    }
}
