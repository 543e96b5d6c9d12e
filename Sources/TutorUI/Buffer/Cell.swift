import Foundation

/// One terminal cell: a single user-perceived character. A character 2 cells wide (see
/// `CellWidth`) is stored in its first cell, and the cell after it is a `continuation`.
///
/// The character is kept as a 32-bit code, not a `Character`: a cell of plain values copies,
/// compares and frees without reference counting, and a frame holds thousands of them.
public struct Cell: Sendable, Hashable {
    /// A Unicode scalar, or above the scalar range a key into `Graphemes` for the rare
    /// character made of several scalars (a letter and its accent, a flag).
    var code: UInt32
    public var style: Style

    public init(_ character: Character = " ", _ style: Style = .plain) {
        let scalars = character.unicodeScalars
        self.init(code: scalars.count == 1 ? scalars.first!.value : Graphemes.code(of: character), style)
    }

    @inline(__always) init(scalar: Unicode.Scalar, _ style: Style) {
        self.init(code: scalar.value, style)
    }

    /// A scalar's value, unchecked: callers decode it from valid UTF-8. A control character
    /// (C0, DEL, C1), which could only come from a file, would drive the terminal and any
    /// recording of it, so the cell holds U+FFFD instead.
    @inline(__always) init(code: UInt32, _ style: Style) {
        self.code = code < 0x20 || (code >= 0x7F && code < 0xA0) ? 0xFFFD : code
        self.style = style
    }

    /// The right half of a wide character: drawn by drawing the cell before it.
    public var isContinuation: Bool { code == Self.continuationCode }
    static let continuationCode = UInt32.max
    static func continuation(_ style: Style) -> Cell { Cell(code: continuationCode, style) }

    /// A continuation cell reads as a space.
    public var character: Character {
        get { code < Graphemes.firstCode ? Character(Unicode.Scalar(code)!) : isContinuation ? " " : Graphemes.character(code) }
        set { self = Cell(newValue, style) }
    }

    public static let blank = Cell(scalar: " ", .plain)
}

/// Characters of several scalars, numbered once for the whole process so that equal cells have
/// equal codes in every buffer (frames are compared cell by cell to find what to redraw).
enum Graphemes {
    static let firstCode: UInt32 = 0x110000
    private final class Table: @unchecked Sendable {
        let lock = NSLock()
        /// Keyed by scalars, not by `Character`: canonically equal characters ("e" + accent,
        /// accent order) must keep their own scalars, as they did when cells held Characters.
        var codes: [[UInt32]: UInt32] = [:]
        var characters: [Character] = []
    }
    private static let table = Table()

    static func code(of c: Character) -> UInt32 {
        let key = c.unicodeScalars.map(\.value)
        table.lock.lock()
        defer { table.lock.unlock() }
        if let code = table.codes[key] { return code }
        let code = firstCode + UInt32(table.characters.count)
        table.codes[key] = code
        table.characters.append(c)
        return code
    }

    static func character(_ code: UInt32) -> Character {
        table.lock.lock()
        defer { table.lock.unlock() }
        return table.characters[Int(code - firstCode)]
    }

    /// Whether a scalar always stands alone as a character next to another such scalar: no
    /// accent, joiner or variation selector attaches to it, and it attaches to nothing. Text
    /// made only of these maps one scalar to one cell, so it needs no grapheme breaking.
    /// The ranges are Latin, general punctuation, arrows, maths, box drawing and shapes;
    /// CR is left out because CR LF is one character.
    @inline(__always) static func standsAlone(_ v: UInt32) -> Bool {
        v < 0x300 ? v != 0x0D : (v >= 0x2010 && v < 0x2060) || (v >= 0x2070 && v < 0x20D0) || (v >= 0x2100 && v < 0x2C00)
    }
}
