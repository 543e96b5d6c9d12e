#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tutor's plain-text grid format, used for files and for inline `--kernel "1 0 1; 0 1 0"`:
/// numbers separated by spaces or commas; rows end at a newline or `;`; channels are separated
/// by a blank line or `|`; filters by a line `---` or `||`; `#` starts a comment. Numbers may be
/// integers, decimals, exponents, negatives or fractions such as `1/9`.
///
/// One filter of one channel is [H,W]; one filter of several channels is [C,H,W]; several
/// filters are [F,C,H,W].
///
/// The parser walks UTF-8 bytes and appends numbers to one flat array: a file of 10⁸ numbers
/// costs its bytes plus 8 bytes a number, with no allocation per number, row or line.
public enum GridText {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let message: String
        /// 0 when the problem is a whole row or channel rather than one number.
        public var description: String { column > 0 ? "\(line):\(column): \(message)" : "\(line): \(message)" }
    }

    /// The bytes are not UTF-8 (a binary file given as a text grid).
    public struct NotUTF8: Error, Sendable {}

    public static func parse(_ text: String) throws -> Tensor {
        var text = text
        return try text.withUTF8 { try parse(utf8: $0) }
    }

    public static func parse(utf8 bytes: [UInt8]) throws -> Tensor {
        try bytes.withUnsafeBufferPointer { try parse(utf8: $0) }
    }

    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) throws -> Tensor {
        var p = Parser()
        var start = 0, lineNumber = 0
        while start <= bytes.count {
            let (end, next) = lineEnd(bytes, from: start)
            lineNumber += 1
            let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if line.contains(where: { $0 >= 0x80 }), String(validating: line, as: UTF8.self) == nil { throw NotUTF8() }
            try p.line(line, number: lineNumber)
            if next > bytes.count { break }
            start = next
        }
        return try p.finish()
    }

    /// Where the line starting at `start` ends, and where the next one starts (past the end when
    /// none does). The line breaks are those of `Character.isNewline`, CR LF counting as one.
    private static func lineEnd(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int) {
        var i = start
        while i < b.count {
            switch b[i] {
            case 0x0A, 0x0B, 0x0C: return (i, i + 1)
            case 0x0D: return (i, i + 1 < b.count && b[i + 1] == 0x0A ? i + 2 : i + 1)
            case 0xC2 where i + 1 < b.count && b[i + 1] == 0x85: return (i, i + 2)   // NEL
            case 0xE2 where i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9): return (i, i + 3)
            default: i += 1
            }
        }
        return (b.count, b.count + 1)
    }

    /// The grid being read: numbers in one flat array, and just enough of the shape to check each
    /// row, channel and filter against the first as it ends. Shape errors are kept, not thrown, so
    /// that a bad number anywhere is reported first, and among shape errors the first filter's first
    /// problem wins (a wrong channel count before a channel's wrong row count before a ragged row).
    private struct Parser {
        var values: [Double] = []
        var rowLength = 0, rowLine = 0
        var rows = 0, channelLine = 0, channels = 0, filterLine = 0, filters = 0
        var h = 0, w = 0, c = 0
        var channelProblem: Problem?, filterProblem: Problem?, firstProblem: Problem?

        enum Problem {
            case ragged(line: Int, channel: Int, row: Int, count: Int)
            case rows(line: Int, channel: Int, count: Int)
            case channels(line: Int, filter: Int, count: Int)
        }

        mutating func line(_ line: UnsafeBufferPointer<UInt8>, number: Int) throws {
            var end = line.count
            if let hash = line.firstIndex(of: UInt8(ascii: "#")) { end = hash }
            let text = UnsafeBufferPointer(rebasing: line[..<end])
            guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else {
                // Only a truly blank line separates channels; a comment line is no separator.
                if end == line.count { endChannel() }
                return
            }
            if last - first >= 2 && text[first...last].allSatisfy({ $0 == UInt8(ascii: "-") }) { endFilter(); return }
            var i = 0, tokenStart = -1
            // A comma or ';' right after another (spaces aside) holds nothing: a typo, not a
            // value or row to skip silently.
            var lastMark: UInt8? = nil
            while i <= text.count {
                let b = i < text.count ? text[i] : UInt8(ascii: " ")
                let separator = isSpace(b) || b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == UInt8(ascii: "|")
                if b == UInt8(ascii: ",") || b == UInt8(ascii: ";") {
                    if tokenStart < 0, lastMark == b {
                        let column = String(decoding: UnsafeBufferPointer(rebasing: text[..<i]), as: UTF8.self).count + 1
                        throw ParseError(line: number, column: column, message: b == UInt8(ascii: ",") ? "no number between two commas" : "an empty row between two ';'")
                    }
                    lastMark = b
                } else if !isSpace(b) {
                    lastMark = nil
                }
                if separator && tokenStart >= 0 {
                    let token = UnsafeBufferPointer(rebasing: text[tokenStart..<i])
                    let column = { String(decoding: UnsafeBufferPointer(rebasing: text[..<tokenStart]), as: UTF8.self).count + 1 }
                    try value(GridText.number(token, line: number, column: column), line: number, column: column)
                    tokenStart = -1
                }
                if b == UInt8(ascii: ";") {
                    endRow()
                } else if b == UInt8(ascii: "|") {
                    endRow()
                    if i + 1 < text.count, text[i + 1] == UInt8(ascii: "|") { endFilter(); i += 1 } else { endChannel() }
                } else if !separator && tokenStart < 0 {
                    tokenStart = i
                }
                i += 1
            }
            endRow()
        }

        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

        mutating func value(_ v: Double, line: Int, column: () -> Int) throws {
            if rowLength == 0 { rowLine = line }
            guard values.count < Tensor.maxElements else {
                throw ParseError(line: line, column: column(), message: "more than \(Tensor.maxElements) numbers")
            }
            values.append(v)
            rowLength += 1
        }

        mutating func endRow() {
            guard rowLength > 0 else { return }
            if rows == 0 { channelLine = rowLine }
            if w == 0 { w = rowLength }
            if rowLength != w, channelProblem == nil {
                channelProblem = .ragged(line: rowLine, channel: channels + 1, row: rows + 1, count: rowLength)
            }
            rows += 1
            rowLength = 0
        }

        mutating func endChannel() {
            endRow()
            guard rows > 0 else { return }
            if channels == 0 { filterLine = channelLine }
            if h == 0 { h = rows }
            let problem = rows != h ? .rows(line: channelLine, channel: channels + 1, count: rows) : channelProblem
            if filterProblem == nil { filterProblem = problem }
            channels += 1
            rows = 0
            channelProblem = nil
        }

        mutating func endFilter() {
            endChannel()
            guard channels > 0 else { return }
            if c == 0 { c = channels }
            let problem = channels != c ? .channels(line: filterLine, filter: filters + 1, count: channels) : filterProblem
            if firstProblem == nil { firstProblem = problem }
            filters += 1
            channels = 0
            filterProblem = nil
        }

        mutating func finish() throws -> Tensor {
            endFilter()
            guard filters > 0 else { throw ParseError(line: 1, column: 0, message: "no numbers found") }
            switch firstProblem {
            case .channels(let line, let f, let count)?:
                throw ParseError(line: line, column: 0, message: "filter \(f) has \(count.counting("channel")) but filter 1 has \(c)")
            case .rows(let line, let ci, let count)?:
                throw ParseError(line: line, column: 0, message: "channel \(ci) has \(count.counting("row")) but the first channel has \(h)")
            case .ragged(let line, let ci, let r, let count)?:
                let place = c > 1 || filters > 1 ? "channel \(ci), row \(r)" : "row \(r)"
                throw ParseError(line: line, column: 0, message: "\(place) has \(count.counting("number")) but the first row has \(w) (ragged grid)")
            case nil:
                let shape = filters > 1 ? [filters, c, h, w] : c > 1 ? [c, h, w] : [h, w]
                return Tensor(unchecked: shape, data: values)
            }
        }
    }

    /// A finite decimal, exponent or fraction; strtod's extras (hex, nan, inf) are refused.
    static func number(_ token: UnsafeBufferPointer<UInt8>, line: Int, column: () -> Int) throws -> Double {
        func fail(_ why: String) -> ParseError {
            ParseError(line: line, column: column(), message: "'\(Escaped.token(String(decoding: token, as: UTF8.self)))' \(why)")
        }
        let slash = token.firstIndex(of: UInt8(ascii: "/"))
        var value: Double?
        if let slash {
            if slash == token.lastIndex(of: UInt8(ascii: "/")), let a = decimal(UnsafeBufferPointer(rebasing: token[..<slash])),
               let b = decimal(UnsafeBufferPointer(rebasing: token[(slash + 1)...])) {
                guard b != 0 else { throw fail("divides by zero") }
                value = a / b
            }
        } else {
            value = decimal(token)
        }
        guard let value else { throw fail("is not a number") }
        guard value.isFinite else { throw fail("is not a finite number") }
        return value
    }

    /// Digits, sign, point and exponent only, read by strtod in the C locale (the tutor sets the
    /// user's locale for ncurses, and "1.5" must not depend on it). Tokens are copied to a
    /// stack buffer for the terminating NUL.
    private static func decimal(_ s: UnsafeBufferPointer<UInt8>) -> Double? {
        var digit = false
        for b in s {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: return nil
            }
        }
        guard digit else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: s.count + 1) { buf in
            for (i, b) in s.enumerated() { buf[i] = CChar(bitPattern: b) }
            buf[s.count] = 0
            let previous = uselocale(cLocale)
            defer { uselocale(previous) }
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(buf.baseAddress!, &end)
            return end == buf.baseAddress! + s.count ? v : nil
        }
    }
}

/// The C locale's number rules, made once.
nonisolated(unsafe) private let cLocale = newlocale(Int32(1 << LC_NUMERIC), "C", nil)

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return s
    }
}
