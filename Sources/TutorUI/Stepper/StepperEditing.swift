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
        case .char(let ch) where "0123456789.-+/".contains(ch):
            if cursor.typed.count < 12 { cursor.typed.append(ch) } else { message = "at most 12 characters: use an exponent, like 1e15" }
        case .char(let ch) where (ch == "e" || ch == "E") && cursor.typed.last?.isNumber == true && !cursor.typed.lowercased().contains("e"):
            // Right after a digit, e starts an exponent (1e-3); elsewhere it leaves edit mode.
            if cursor.typed.count < 12 { cursor.typed.append("e") }
        case .enter:
            if !cursor.typed.isEmpty { commit(&cursor) }
        case .escape, .char("e"), .char("q"):
            if cursor.typed.isEmpty {
                edit = nil
                message = "edit mode off"
                return .none
            }
            cursor.typed = ""
            message = "typing cancelled; the value is unchanged"
        default: break
        }
        cursor.index = g.flat(plane: plane, y: y, x: x)
        edit = cursor
        return .none
    }

    private mutating func commit(_ cursor: inout EditCursor) {
        guard let t = try? GridText.parse(cursor.typed), t.count == 1 else {
            message = "'\(cursor.typed)' is not a number"
            cursor.typed = ""
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
}
