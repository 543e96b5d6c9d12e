/// The tutor's plain-text grid format, used for files and for inline `--kernel "1 0 1; 0 1 0"`:
/// numbers separated by spaces or commas; rows end at a newline or `;`; channels are separated
/// by a blank line or `|`; filters by a line `---` or `||`; `#` starts a comment. Numbers may be
/// integers, decimals, exponents, negatives or fractions such as `1/9`.
///
/// One filter of one channel is [H,W]; one filter of several channels is [C,H,W]; several
/// filters are [F,C,H,W].
public enum GridText {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let message: String
        /// 0 when the problem is a whole row or channel rather than one number.
        public var description: String { column > 0 ? "\(line):\(column): \(message)" : "\(line): \(message)" }
    }

    private struct Row {
        var values: [Double] = []
        var line = 0
    }

    public static func parse(_ text: String) throws -> Tensor {
        var filters: [[[Row]]] = [[]]   // filters → channels → rows
        var channel: [Row] = []
        var total = 0

        func endChannel() {
            if !channel.isEmpty { filters[filters.count - 1].append(channel) }
            channel = []
        }
        func endFilter() {
            endChannel()
            if !filters[filters.count - 1].isEmpty { filters.append([]) }
        }

        var lineNumber = 0
        // isNewline also matches "\r\n", which Swift treats as a single character.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            var line = Substring(rawLine)
            var hadComment = false
            if let hash = line.firstIndex(of: "#") {
                line = line[..<hash]
                hadComment = true
            }
            let trimmed = line.trimmingSpaces
            // Only a truly blank line separates channels; a comment line is no separator.
            if trimmed.isEmpty {
                if !hadComment { endChannel() }
                continue
            }
            if trimmed.allSatisfy({ $0 == "-" }) && trimmed.count >= 3 { endFilter(); continue }
            // Walk the line once, splitting on the inline separators while keeping columns.
            var row = Row(line: lineNumber)
            var token = "", tokenColumn = 0, column = 0
            var chars = Array(line)
            chars.append(" ")
            var i = 0
            func flushToken() throws {
                guard !token.isEmpty else { return }
                row.values.append(try number(token, line: lineNumber, column: tokenColumn))
                total += 1
                if total > Tensor.maxElements {
                    throw ParseError(line: lineNumber, column: tokenColumn, message: "more than \(Tensor.maxElements) numbers")
                }
                token = ""
            }
            func flushRow() {
                if !row.values.isEmpty { channel.append(row) }
                row = Row(line: lineNumber)
            }
            while i < chars.count {
                let ch = chars[i]
                column = i + 1
                switch ch {
                case " ", "\t", "\r", ",":
                    try flushToken()
                case ";":
                    try flushToken(); flushRow()
                case "|":
                    try flushToken(); flushRow()
                    if i + 1 < chars.count, chars[i + 1] == "|" { endFilter(); i += 1 } else { endChannel() }
                default:
                    if token.isEmpty { tokenColumn = column }
                    token.append(ch)
                }
                i += 1
            }
            flushRow()
        }
        endFilter()
        if filters.last?.isEmpty == true { filters.removeLast() }
        return try shape(filters)
    }

    private static func shape(_ filters: [[[Row]]]) throws -> Tensor {
        guard let first = filters.first?.first, let firstRow = first.first else {
            throw ParseError(line: 1, column: 0, message: "no numbers found")
        }
        let (c, h, w) = (filters[0].count, first.count, firstRow.values.count)
        var data: [Double] = []
        for (f, channels) in filters.enumerated() {
            guard channels.count == c else {
                let line = channels.first?.first?.line ?? 1
                throw ParseError(line: line, column: 0, message: "filter \(f + 1) has \(channels.count.counting("channel")) but filter 1 has \(c)")
            }
            for (ci, rows) in channels.enumerated() {
                guard rows.count == h else {
                    throw ParseError(line: rows[0].line, column: 0, message: "channel \(ci + 1) has \(rows.count.counting("row")) but the first channel has \(h)")
                }
                for (r, row) in rows.enumerated() {
                    guard row.values.count == w else {
                        let place = c > 1 || filters.count > 1 ? "channel \(ci + 1), row \(r + 1)" : "row \(r + 1)"
                        throw ParseError(line: row.line, column: 0, message: "\(place) has \(row.values.count.counting("number")) but the first row has \(w) (ragged grid)")
                    }
                    data += row.values
                }
            }
        }
        let shape = filters.count > 1 ? [filters.count, c, h, w] : c > 1 ? [c, h, w] : [h, w]
        return Tensor(unchecked: shape, data: data)
    }

    /// A finite decimal, exponent or fraction; strtod's extras (hex, nan, inf) are refused.
    static func number(_ token: String, line: Int, column: Int) throws -> Double {
        func decimal(_ s: Substring) -> Double? {
            guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
                  s.contains(where: \.isNumber) else { return nil }
            return Double(s)
        }
        let parts = token.split(separator: "/", omittingEmptySubsequences: false)
        var value: Double?
        if parts.count == 1 {
            value = decimal(parts[0])
        } else if parts.count == 2, let a = decimal(parts[0]), let b = decimal(parts[1]) {
            guard b != 0 else { throw ParseError(line: line, column: column, message: "'\(Escaped.token(token))' divides by zero") }
            value = a / b
        }
        guard let value else { throw ParseError(line: line, column: column, message: "'\(Escaped.token(token))' is not a number") }
        guard value.isFinite else { throw ParseError(line: line, column: column, message: "'\(Escaped.token(token))' is not a finite number") }
        return value
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return s
    }
}
