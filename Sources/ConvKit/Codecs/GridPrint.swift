/// What `compute` prints, handed out piece by piece as it is made: a result of 10⁸ numbers is
/// never held as text, and a reader such as `head` gets the first line without waiting for all.
public enum GridPrint {
    /// Aligned plain-text grids (what screen readers read): one table per channel, its numbers
    /// right-aligned to the widest of that table. The width takes a first pass over the numbers.
    public static func text(_ t: Tensor, to out: (String) throws -> Void) rethrows {
        switch t.rank {
        case 1: try table(t.data[...], width: t.count, to: out)
        case 2: try table(t.data[...], width: t.shape[1], to: out)
        case 3:
            let plane = t.shape[1] * t.shape[2]
            for c in 0..<t.shape[0] {
                if c > 0 { try out("\n") }
                if t.shape[0] > 1 { try out("channel \(c):\n") }
                try table(t.data[(c * plane)..<((c + 1) * plane)], width: t.shape[2], to: out)
            }
        default:
            // A weight [Cout, Cin, kh, kw]: one block of channels per filter.
            let block = t.count / t.shape[0]
            for o in 0..<t.shape[0] {
                if o > 0 { try out("\n") }
                if t.shape[0] > 1 { try out("filter \(o):\n") }
                try text(Tensor(unchecked: Array(t.shape.dropFirst()), data: Array(t.data[(o * block)..<((o + 1) * block)])), to: out)
            }
        }
    }

    private static func table(_ data: ArraySlice<Double>, width: Int, to out: (String) throws -> Void) rethrows {
        var cell = 1
        for v in data { cell = max(cell, NumberFormat.exact(v).utf8.count) }
        var column = 0
        for v in data {
            if column == max(width, 1) { try out("\n"); column = 0 }
            let text = NumberFormat.exact(v)
            try out(String(repeating: " ", count: cell - text.utf8.count + (column > 0 ? 1 : 0)))
            try out(text)
            column += 1
        }
        try out("\n")
    }

    /// Nested JSON lists for `data` laid out in `shape`.
    /// `"shape": [..], "data": [..]`: a tensor's two fields, as every JSON object of it holds them.
    public static func jsonFields(_ t: Tensor, to out: (String) throws -> Void) rethrows {
        try out("\"shape\": \(t.shape.shapeText), \"data\": ")
        try json(t.data, shape: t.shape, to: out)
    }

    public static func json(_ data: [Double], shape: [Int], to out: (String) throws -> Void) rethrows {
        guard !shape.isEmpty else { return try out(data.first.map(NumberFormat.json) ?? "0") }
        try nested(data, shape: shape[...], offset: 0, to: out)
    }

    private static func nested(_ data: [Double], shape: ArraySlice<Int>, offset: Int, to out: (String) throws -> Void) rethrows {
        try out("[")
        let inner = shape.dropFirst().reduce(1, *)
        for i in 0..<shape.first! {
            if i > 0 { try out(",") }
            if shape.count == 1 {
                try out(NumberFormat.json(data[offset + i]))
            } else {
                try nested(data, shape: shape.dropFirst(), offset: offset + i * inner, to: out)
            }
        }
        try out("]")
    }
}
