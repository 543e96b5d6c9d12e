import ConvKit

/// How an editable tensor is laid out on screen: `planes` grids of rows × cols, row-major,
/// exactly the order of the tensor's data, so a cursor (plane, y, x) is one flat index.
public struct PlaneGeometry: Sendable, Equatable {
    public var planes: Int, rows: Int, cols: Int

    public func flat(plane: Int, y: Int, x: Int) -> Int { (plane * rows + y) * cols + x }
    public func position(of flat: Int) -> (plane: Int, y: Int, x: Int) {
        (flat / (rows * cols), (flat / cols) % rows, flat % cols)
    }
}

extension StepperState {
    public func geometry(of target: EditCursor.Target) -> PlaneGeometry {
        switch (layer, target) {
        case (.conv(let c), .input): return PlaneGeometry(planes: c.channels, rows: c.height, cols: c.width)
        case (.conv(let c), .kernel): return PlaneGeometry(planes: c.outChannels * c.groupChannels, rows: c.kh, cols: c.kw)
        case (.dense(let d), .input): return Self.plane(of: d.input.shape)
        case (.dense(let d), .kernel):
            let p = Self.plane(of: d.input.shape)
            return PlaneGeometry(planes: p.planes * d.outputCount, rows: p.rows, cols: p.cols)
        case (.transposed(let t), .input): return PlaneGeometry(planes: t.channels, rows: t.height, cols: t.width)
        case (.transposed(let t), .kernel): return PlaneGeometry(planes: t.channels * t.groupOutChannels, rows: t.kh, cols: t.kw)
        case (.maxPool(let p as any PoolLayer), .input), (.avgPool(let p as any PoolLayer), .input):
            return PlaneGeometry(planes: p.geometry.channels, rows: p.geometry.height, cols: p.geometry.width)
        case (.maxPool, .kernel), (.avgPool, .kernel): return PlaneGeometry(planes: 0, rows: 0, cols: 0)  // no weights
        }
    }

    /// A dense input of any rank seen as planes of 2-D grids (a vector is one row).
    static func plane(of shape: [Int]) -> PlaneGeometry {
        switch shape.count {
        case 0: return PlaneGeometry(planes: 1, rows: 1, cols: 1)
        case 1: return PlaneGeometry(planes: 1, rows: 1, cols: shape[0])
        case 2: return PlaneGeometry(planes: 1, rows: shape[0], cols: shape[1])
        default:
            let cols = shape[shape.count - 1], rows = shape[shape.count - 2]
            return PlaneGeometry(planes: shape.reduce(1, *) / (rows * cols), rows: rows, cols: cols)
        }
    }

    mutating func updateEditing(_ event: Event) -> Effect {
        guard var cursor = edit else { return .none }
        let g = geometry(of: cursor.target)
        var (plane, y, x) = g.position(of: cursor.index)
        message = nil
        switch event {
        case .tick: return .none
        case .left: x = max(0, x - 1)
        case .right: x = min(g.cols - 1, x + 1)
        case .up: y = max(0, y - 1)
        case .down: y = min(g.rows - 1, y + 1)
        case .pageUp: plane = max(0, plane - 1)
        case .pageDown: plane = min(g.planes - 1, plane + 1)
        case .tab, .backTab:
            cursor.target = cursor.target == .input ? .kernel : .input
            cursor.index = 0
            cursor.typed = ""
            edit = cursor
            return .none
        case .backspace, .delete:
            if !cursor.typed.isEmpty { cursor.typed.removeLast() }
        case .enter:
            if !cursor.typed.isEmpty { commit(&cursor) }
        // e leaves edit mode only before anything is typed; once typing, it is part of the
        // number (1e-3), and Esc or q cancel the typing instead.
        case .char("e") where cursor.typed.isEmpty, .escape, .char("q"):
            if cursor.typed.isEmpty {
                edit = nil
                message = "edit mode off"
                return .none
            }
            cursor.typed = ""
            message = "typing cancelled; the value is unchanged"
        case .char(let ch):
            // Whatever is typed shows, and Enter refuses what is not a number with the reason:
            // nothing is dropped, so 0x10 never becomes 10 and a second e stays an e.
            if cursor.typed.count < 12 { cursor.typed.append(ch == "−" ? "-" : ch) } else { message = "at most 12 characters: use an exponent, like 1e15" }
        default: break
        }
        cursor.index = g.flat(plane: plane, y: y, x: x)
        edit = cursor
        return .none
    }

    private mutating func commit(_ cursor: inout EditCursor) {
        let t: Tensor
        do {
            if let problem = Self.numberProblem(cursor.typed) { throw ConvError("'\(cursor.typed)' is not a number: \(problem)") }
            t = try GridText.parse(cursor.typed)
        } catch {
            // Kept on screen, so a slip can be mended with Backspace (Esc drops it).
            message = (error as? GridText.ParseError)?.message ?? (error as? ConvError)?.message ?? "'\(cursor.typed)' is not a number"
            return
        }
        var s = spec
        switch cursor.target {
        case .input: s.input.data[cursor.index] = t.data[0]
        case .kernel: s.kernel.data[cursor.index] = t.data[0]
        }
        if rebuild(s) { message = "set to \(NumberFormat.short(t.data[0], digits: 4)); outputs recomputed" }
        cursor.typed = ""
    }

    /// Why typed text cannot be one number (a decimal, exponent or fraction such as 1/9), as far
    /// as the characters tell; GridText has the last word on values (1/0, 1e999).
    static func numberProblem(_ text: String) -> String? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 2 { return "a fraction has one /" }
        for part in parts {
            var digits = false, point = false, exponent = false, signAllowed = true
            for c in part {
                switch c {
                case "0"..."9":
                    digits = true
                    signAllowed = false
                case "+", "-":
                    guard signAllowed else { return "a sign goes first, or right after e" }
                    signAllowed = false
                case ".":
                    guard !point, !exponent else { return exponent ? "an exponent has no decimal point" : "one decimal point per number" }
                    point = true
                    signAllowed = false
                case "e", "E":
                    guard digits, !exponent else { return exponent ? "one exponent per number" : "e needs digits before it, as in 1e-3" }
                    exponent = true
                    signAllowed = true
                default:
                    return "'\(c)' is not part of a number (3, -1.5, 2e-3, 1/9)"
                }
            }
        }
        return nil
    }
}
