/// One terminal cell. `character` is a single user-perceived character of display width 1;
/// the renderers only use such characters, which keeps column arithmetic trivial.
public struct Cell: Sendable, Hashable {
    public var character: Character
    public var style: Style
    public init(_ character: Character = " ", _ style: Style = .plain) {
        self.character = character
        self.style = style
    }
    public static let blank = Cell()
}

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
public struct CellBuffer: Sendable, Equatable {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(_ size: Size) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        cells = Array(repeating: .blank, count: self.size.width * self.size.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * size.width + x] : .blank }
        set { if contains(x, y) { cells[y * size.width + x] = newValue } }
    }

    @inline(__always) func contains(_ x: Int, _ y: Int) -> Bool {
        x >= 0 && y >= 0 && x < size.width && y < size.height
    }

    /// Writes `text` from (x, y) on one line; returns the column after the last character.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, _ style: Style = .plain) -> Int {
        var col = x
        for ch in text {
            self[col, y] = Cell(ch, style)
            col += 1
        }
        return col
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
            let line = String(cells[(row * size.width)..<((row + 1) * size.width)].map(\.character))
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }.joined(separator: "\n")
    }

    /// Indices of cells that differ from `other` (same size), row-major: what a backend redraws.
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
                    var end = x + 1
                    while end < size.width, cells[y * size.width + end] != other.cells[y * size.width + end] { end += 1 }
                    runs.append((y: y, x: x, length: end - x))
                    x = end
                } else {
                    x += 1
                }
            }
        }
        return runs
    }
}
