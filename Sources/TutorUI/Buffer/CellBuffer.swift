public struct Size: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// A screenful of styled cells: what every renderer produces and the backend draws.
/// Writes outside the buffer are clipped silently so layouts never need bounds checks.
/// Text is written in the buffer's charset, `Charset.current` when it was made: under
/// `.ascii` it goes in as its ASCII stand-ins, so every cell of the frame can be drawn.
public struct CellBuffer: Sendable, Equatable {
    public let size: Size
    public let charset: Charset
    public private(set) var cells: [Cell]

    public init(_ size: Size) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        charset = Charset.current
        cells = Array(repeating: .blank, count: self.size.width * self.size.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * size.width + x] : .blank }
        set {
            guard contains(x, y) else { return }
            splitWide(y: y, from: x, to: x + 1)
            cells[y * size.width + x] = charset == .ascii ? newValue.ascii : newValue
        }
    }

    /// Before cells `from..<to` of row y are overwritten: a wide character of which only one
    /// half is overwritten would leave the other half stale, so that half becomes a blank.
    @inline(__always) private mutating func splitWide(y: Int, from: Int, to: Int) {
        let row = y * size.width
        if from > 0, from < size.width, cells[row + from].isContinuation { cells[row + from - 1] = Cell(scalar: " ", cells[row + from - 1].style) }
        if to >= 0, to < size.width, cells[row + to].isContinuation { cells[row + to] = Cell(scalar: " ", cells[row + to].style) }
    }

    @inline(__always) func contains(_ x: Int, _ y: Int) -> Bool {
        x >= 0 && y >= 0 && x < size.width && y < size.height
    }

    /// Writes `text` from (x, y) on one line; returns the column after the last character.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, _ style: Style = .plain) -> Int {
        put(text, x: x, y: y, rightAlignedIn: 0, style)
    }

    /// `text` right-aligned in a field `width` columns wide from x, the padding in the same
    /// style; text wider than the field runs on to the right. Returns the column after it.
    @discardableResult
    mutating func put(_ text: String, x: Int, y: Int, rightAlignedIn width: Int, _ style: Style) -> Int {
        var text = charset == .ascii ? AsciiText.transliterate(text) : text
        if let end = text.withUTF8({ putStandalone($0, x: x, y: y, width: width, style) }) { return end }
        // The rest goes through grapheme breaking and is measured in cells.
        var col = x + max(0, width - CellWidth.of(text))
        for pad in x..<col { self[pad, y] = Cell(scalar: " ", style) }
        for ch in text {
            switch CellWidth.unicode(ch) {
            case 0: continue   // a mark with nothing to attach to takes no room
            case 1: self[col, y] = Cell(ch, style)
            default:
                guard y >= 0, y < size.height, col + 1 >= 0, col < size.width else { break }
                if col < 0 || col + 1 >= size.width {
                    // Half a wide character cannot be drawn: the visible half is a blank.
                    self[col < 0 ? col + 1 : col, y] = Cell(scalar: " ", style)
                } else {
                    splitWide(y: y, from: col, to: col + 2)
                    cells[y * size.width + col] = Cell(ch, style)
                    cells[y * size.width + col + 1] = .continuation(style)
                }
            }
            col += CellWidth.unicode(ch)
        }
        return col
    }

    /// Text whose scalars all stand alone (see `Graphemes`), ASCII above all, is one cell a
    /// scalar: measured and written straight from its UTF-8, padding included. nil, having
    /// written nothing, for any other text.
    private mutating func putStandalone(_ bytes: UnsafeBufferPointer<UInt8>, x: Int, y: Int, width: Int, _ style: Style) -> Int? {
        var count = 0, i = 0
        while i < bytes.count {
            let (scalar, length) = Self.decode(bytes, at: i)
            guard Graphemes.standsAlone(scalar), CellWidth.unicode(Unicode.Scalar(scalar)!) == 1 else { return nil }
            (count, i) = (count + 1, i + length)
        }
        let start = x + max(0, width - count), end = start + count
        let from = max(x, 0), to = min(end, size.width)
        guard y >= 0, y < size.height, from < to else { return end }
        let row = y * size.width
        splitWide(y: y, from: from, to: to)
        cells.withUnsafeMutableBufferPointer { out in
            for col in from..<max(from, min(start, to)) { out[row + col] = Cell(scalar: " ", style) }
            var i = 0
            for col in start..<max(start, to) {
                let (scalar, length) = Self.decode(bytes, at: i)
                if col >= from { out[row + col] = Cell(code: scalar, style) }
                i += length
            }
        }
        return end
    }

    /// The scalar starting at byte `i` of valid UTF-8 (a String's), and its length in bytes.
    @inline(__always) private static func decode(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(b[i])
        if b0 < 0x80 { return (b0, 1) }
        let b1 = UInt32(b[i + 1] & 0x3F)
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | b1, 2) }
        let b2 = UInt32(b[i + 2] & 0x3F)
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | b1 << 6 | b2, 3) }
        return ((b0 & 0x07) << 18 | b1 << 12 | b2 << 6 | UInt32(b[i + 3] & 0x3F), 4)
    }

    /// `String(n)` right-aligned as `put(_:x:y:rightAlignedIn:_:)` draws it, written digit
    /// by digit from the right.
    mutating func put(_ n: Int64, x: Int, y: Int, rightAlignedIn width: Int, _ style: Style) {
        var digits = 1, rest = n.magnitude / 10
        while rest > 0 { (digits, rest) = (digits + 1, rest / 10) }
        let start = x + max(0, width - digits - (n < 0 ? 1 : 0)), end = x + max(width, digits + (n < 0 ? 1 : 0))
        let from = max(x, 0), to = min(end, size.width)
        guard y >= 0, y < size.height, from < to else { return }
        let row = y * size.width
        splitWide(y: y, from: from, to: to)
        cells.withUnsafeMutableBufferPointer { out in
            var m = n.magnitude
            for col in stride(from: end - 1, through: x, by: -1) {
                var byte = UInt8(ascii: " ")
                if col >= end - digits {
                    byte = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: m % 10)
                    m /= 10
                } else if col >= start {
                    byte = UInt8(ascii: "-")
                }
                if col >= from && col < to { out[row + col] = Cell(scalar: Unicode.Scalar(byte), style) }
            }
        }
    }

    /// Cells `cell(0)` to `cell(width - 1)` from (x, y) on: a row of a picture, clipped once
    /// rather than cell by cell.
    mutating func putRow(x: Int, y: Int, width: Int, _ cell: (Int) -> Cell) {
        let from = max(x, 0), to = min(x + width, size.width)
        guard y >= 0, y < size.height, from < to else { return }
        let row = y * size.width
        splitWide(y: y, from: from, to: to)
        let ascii = charset == .ascii
        cells.withUnsafeMutableBufferPointer { out in
            for col in from..<to { out[row + col] = ascii ? cell(col - x).ascii : cell(col - x) }
        }
    }

    public mutating func fill(x: Int, y: Int, width: Int, height: Int, _ cell: Cell = .blank) {
        for row in y..<(y + max(0, height)) {
            for col in x..<(x + max(0, width)) { self[col, row] = cell }
        }
    }

    /// Re-styles existing cells without touching their characters (used for highlights).
    public mutating func restyle(x: Int, y: Int, width: Int, _ style: Style) {
        for col in x..<(x + max(0, width)) where contains(col, y) {
            cells[y * size.width + col].style = style
        }
    }

    /// The buffer as plain text, one line per row with trailing blanks trimmed: the golden-test form.
    public var text: String {
        (0..<size.height).map { row in
            let line = String(cells[(row * size.width)..<((row + 1) * size.width)].filter { !$0.isContinuation }.map(\.character))
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }.joined(separator: "\n")
    }

    /// Indices of cells that differ from `other` (same size), row-major: what a backend redraws.
    /// A backend draws a wide character at its lead cell and skips the continuation.
    public func changedRuns(since other: CellBuffer?) -> [(y: Int, x: Int, length: Int)] {
        guard let other, other.size == size else {
            return (0..<size.height).map { (y: $0, x: 0, length: size.width) }
        }
        var runs: [(y: Int, x: Int, length: Int)] = []
        for y in 0..<size.height {
            var x = 0
            while x < size.width {
                let i = y * size.width + x
                if cells[i] != other.cells[i] {
                    // Half a wide character cannot be drawn: a run starts at its lead.
                    let start = x > 0 && cells[i].isContinuation ? x - 1 : x
                    var end = x + 1
                    while end < size.width, cells[y * size.width + end] != other.cells[y * size.width + end] { end += 1 }
                    runs.append((y: y, x: start, length: end - start))
                    x = end
                } else {
                    x += 1
                }
            }
        }
        return runs
    }
}
