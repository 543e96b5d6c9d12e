import ConvKit
import Foundation
import SafeFiles
import Yams

/// A named layer as built by the engine, with what answers may refer to.
struct BuiltLayer {
    let name: String
    let place: Place
    let spec: LayerSpec
    /// nil for im2col, which rearranges the input and multiplies nothing.
    let layer: Layer?
    /// The layer's output, or im2col's matrix.
    let result: Tensor
    /// `grad_output:`: dL/dY at the layer's output (checked against its shape), which `wrt:`
    /// steps and `grad_*` answers need.
    var gradOutput: Tensor? = nil

    /// The spec of a step that walks the gradient `wrt` (nil: the layer itself).
    func spec(wrt: GradientTarget?) -> LayerSpec {
        var s = spec
        if let wrt, let gradOutput { s.gradient = GradientSpec(gradOutput: gradOutput, wrt: wrt) }
        return s
    }
}

enum LayerReading {
    /// What a stack's layer may say: a lesson layer's keys but its input, which is the output
    /// before it, and grad_output (a stack is stepped forward only).
    static let stackKeys = ["op", "kernel", "weights", "bias", "stride", "padding", "output_padding", "dilation", "groups", "flip", "relu",
                            "pool_size", "ceil_mode", "padding_mode"]
    static let keys = stackKeys + ["input", "grad_output"]

    /// The worked example every lesson may start from: what `convtutor compute` uses by default.
    static let seedInput = try! GridText.parse("1 1 1 0 0; 0 1 1 1 0; 0 0 1 1 1; 0 0 1 1 0; 0 1 1 0 0")
    static let seedKernel = try! GridText.parse("1 0 1; 0 1 0; 1 0 1")

    static func read(name: String, namePlace: Place, _ v: Value, folder: LessonFolder) -> BuiltLayer? {
        let what = "layer '\(name)'"
        guard let f = v.fields(what, allowed: keys) else { return nil }
        let r = v.reporter
        let before = r.diagnostics.count
        let input = f["input"].flatMap { grid($0, key: "input", folder: folder) } ?? seedInput
        let gradOutput = f["grad_output"].flatMap { grid($0, key: "grad_output", folder: folder) }
        guard let given = spec(f, what: what, at: namePlace, input: input, folder: folder), r.diagnostics.count == before else { return nil }
        let (spec, op, options) = (given, given.op, given.options)
        do {
            if op == .im2col {
                if let g = f["grad_output"] {
                    r.error(g.place, "grad_output: im2col only rearranges the input and has no weights, so there is no gradient to step; use op conv2d")
                    return nil
                }
                let m = try Im2col(input: input, kernel: spec.kernel, options: options).matrix
                return BuiltLayer(name: name, place: namePlace, spec: spec, layer: nil, result: m)
            }
            let layer = try spec.layer()
            var built = BuiltLayer(name: name, place: namePlace, spec: spec, layer: layer, result: layer.compute())
            if let gradOutput, let g = f["grad_output"] {
                guard checkGradient(gradOutput, of: layer, at: g) else { return nil }
                built.gradOutput = gradOutput
            }
            return built
        } catch let e as ConvError {
            // Engine messages name CLI options (--stride); in a lesson file they are keys.
            r.error(namePlace, "\(what) does not build: " + keyNames(e.message))
        } catch {
            r.error(namePlace, "\(what) does not build: \(error)")
        }
        return nil
    }

    /// The layer keys a lesson layer and a stack layer share (all but `input` and `grad_output`)
    /// as a spec on `input`; nil after reporting every key that is wrong or does not apply to the op.
    static func spec(_ f: Fields, what: String, at namePlace: Place, input: Tensor, folder: LessonFolder) -> LayerSpec? {
        let r = f.value.reporter
        let before = r.diagnostics.count
        var op = Op.conv2d
        if let o = f["op"], let s = o.string("op") {
            if let parsed = Op(rawValue: s) { op = parsed } else {
                r.error(o.place, "op must be one of \(Op.allCases.map(\.rawValue).joined(separator: ", ")); got '\(s)'")
            }
        }
        if f.has("kernel") && f.has("weights") { r.error(f.placeOfKey("weights"), "\(what) has both 'kernel' and 'weights'; they are the same thing, give one") }
        let kernel = op.isPool ? LayerSpec.noKernel : (f["kernel"] ?? f["weights"]).flatMap { grid($0, key: "kernel", folder: folder) } ?? seedKernel
        let bias = f["bias"].flatMap { grid($0, key: "bias", folder: folder) }
        var options = ConvOptions()
        let factor = CheckedSize.maxFactor
        if let s = f["pool_size"], let p = pair(s, key: "pool_size", least: 1, most: factor) { options.poolSize = p }
        options.stride = ConvOptions.defaultStride(op: op, poolSize: options.poolSize)
        if let s = f["stride"], let p = pair(s, key: "stride", least: 1, most: factor) { options.stride = p }
        if let s = f["dilation"], let p = pair(s, key: "dilation", least: 1, most: factor) { options.dilation = p }
        if let s = f["padding"], let p = padding(s) { options.padding = p }
        if let s = f["output_padding"], let p = pair(s, key: "output_padding", least: 0, most: factor) { options.outputPadding = p }
        if let g = f["groups"]?.int("groups") { options.groups = g }
        if let b = f["flip"]?.bool("flip") { options.flip = b }
        if let b = f["relu"]?.bool("relu") { options.relu = b }
        if let b = f["ceil_mode"]?.bool("ceil_mode") { options.ceilMode = b }
        if let m = f["padding_mode"], let s = m.string("padding_mode") {
            if let mode = PaddingMode(rawValue: s) { options.paddingMode = mode } else {
                r.error(m.place, "padding_mode must be one of \(PaddingMode.allCases.map(\.rawValue).joined(separator: ", ")); got '\(s)'")
            }
        }
        if op.isPool, !f.has("pool_size") {
            r.error(namePlace, "\(what) is a \(op.rawValue) and needs pool_size: N or \"H,W\"")
        }
        guard r.diagnostics.count == before else { return nil }
        // The options `convtutor compute` refuses for this op, refused here at their keys.
        let kernelKey = f.has("weights") ? "weights" : "kernel"
        for misfit in options.inapplicable(to: op, bias: bias != nil, kernel: f.has(kernelKey)) {
            let key = misfit.option == .kernel ? kernelKey : misfit.option.rawValue
            r.error(f.placeOfKey(key), misfit.message(naming: key))
        }
        guard r.diagnostics.count == before else { return nil }
        return LayerSpec(op: op, input: input, kernel: kernel, bias: bias, options: options)
    }

    /// dY must have the layer's output shape, and the op a backward pass; refused at the value.
    private static func checkGradient(_ dY: Tensor, of layer: Layer, at v: Value) -> Bool {
        // Before dY's shape: no shape would do.
        if let why = layer.op.gradientRefusal {
            v.reporter.error(v.place, "grad_output: " + why)
            return false
        }
        do {
            _ = try layer.gradientLayers(gradOutput: dY, named: "grad_output")
            return true
        } catch let e as ConvError {
            // "grad_output is 2×2 but …" names the key already; "gradients of conv-transpose …" does not.
            let m = keyNames(e.message)
            v.reporter.error(v.place, m.hasPrefix("grad_output") ? m : "grad_output: " + m)
        } catch {
            v.reporter.error(v.place, "grad_output: \(error)")
        }
        return false
    }

    /// An engine message with its CLI options (`--padding-mode`) written as lesson keys
    /// (`padding_mode`).
    static func keyNames(_ message: String) -> String {
        var out = "", rest = message[...]
        while let r = rest.range(of: "--") {
            out += rest[..<r.lowerBound]
            rest = rest[r.upperBound...]
            let name = rest.prefix { $0.isLetter || $0 == "-" }
            out += name.replacingOccurrences(of: "-", with: "_")
            rest = rest[name.endIndex...]
        }
        return out + rest
    }

    /// An inline grid, or a file (text grid or .npy) relative to the lesson file.
    static func grid(_ v: Value, key: String, folder: LessonFolder) -> Tensor? {
        // `string` reports a list or mapping (`kernel: [1, 2]`), which must not fall back to the seed kernel.
        guard let text = v.string(key), case .scalar(let s) = v.node else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let oneLine = !trimmed.contains(where: { "\n;|".contains($0) })
        let found = oneLine && !trimmed.isEmpty ? folder.locate(trimmed) : (exists: false, inside: false)
        if found.exists || (oneLine && trimmed.contains(where: { $0.isLetter && !"eE".contains($0) })) {
            // A lesson may be anyone's: it reads only its own folder, never /proc or ~/.ssh.
            guard found.inside else { return v.fail("\(key): data files must be inside the \(v.reporter.kind)'s folder") }
            guard found.exists else {
                return v.fail("\(key): no such grid file '\(Escaped.token(trimmed, limit: 80))' (paths are relative to the \(v.reporter.kind) file) and it is not an inline grid")
            }
            return file(trimmed, in: folder, v: v, key: key)
        }
        do {
            return try GridText.parse(text)
        } catch let e as GridText.ParseError {
            v.reporter.error(place(of: e, in: s, at: v.place, reporter: v.reporter), "\(key): \(e.message)")
        } catch {
            v.reporter.error(v.place, "\(key): \(error)")
        }
        return nil
    }

    private static func file(_ path: String, in folder: LessonFolder, v: Value, key: String) -> Tensor? {
        let display = Escaped.token(path, limit: 80)
        let bytes: [UInt8]
        do {
            bytes = try folder.read(path, limit: Tensor.maxFileBytes)
        } catch {
            return v.fail("\(key): '\(display)' \(error)")
        }
        do {
            if URL(fileURLWithPath: path).pathExtension.lowercased() == "npy" { return try NPY.decode(bytes) }
            guard let text = String(validating: bytes, as: UTF8.self) else { return v.fail("\(key): '\(display)' is not UTF-8 text") }
            return try GridText.parse(text)
        } catch let e as GridText.ParseError {
            return v.fail("\(key): '\(display)' line \(e.description)")
        } catch let e as ConvError {
            return v.fail("\(key): '\(display)': \(e.message)")
        } catch {
            return v.fail("\(key): '\(display)': \(error)")
        }
    }

    /// Where a grid error sits in the YAML file: exact for one-line scalars and block scalars,
    /// the scalar's start otherwise (escapes and folding make columns unknowable).
    static func place(of e: GridText.ParseError, in s: Node.Scalar, at start: Place, reporter: Reporter) -> Place {
        switch s.style {
        case .plain, .singleQuoted, .doubleQuoted:
            guard e.line == 1, !s.string.contains("\n") else { return start }
            let quote = s.style == .plain ? 0 : 1
            return Place(line: start.line, column: start.column + quote + max(e.column, 1) - 1)
        case .literal:
            let line = start.line + e.line
            let indent = reporter.sourceLine(line).map { $0.prefix(while: { $0 == " " }).count } ?? 0
            return Place(line: line, column: indent + max(e.column, 1))
        default:
            return start
        }
    }

    /// `2` or `"2,1"`, within `least...most` (the engine's bounds, refused here at the key).
    static func pair(_ v: Value, key: String, least: Int, most: Int) -> Pair? {
        guard case .scalar(let s) = v.node, !v.isNull else { return v.wrongType(key, expected: "N or \"H,W\"") }
        guard let p = Pair(parsing: s.string) else { return v.fail("\(key) must be N or \"H,W\" with whole numbers; got '\(s.string)'") }
        return bounded(p, v, key: key, least: least, most: most)
    }

    static func bounded(_ p: Pair, _ v: Value, key: String, least: Int, most: Int) -> Pair? {
        do {
            try CheckedSize.check(p, key, least: least, most: most)
            return p
        } catch {
            return v.fail("\(error)")
        }
    }

    static func padding(_ v: Value) -> Padding? {
        guard case .scalar(let s) = v.node, !v.isNull else { return v.wrongType("padding", expected: "valid, same, full, P or \"PH,PW\"") }
        switch s.string.lowercased() {
        case "valid": return .valid
        case "same": return .same
        case "full": return .full
        default:
            guard let p = Pair(parsing: s.string) else { return v.fail("padding must be valid, same, full, P or \"PH,PW\"; got '\(s.string)'") }
            return bounded(p, v, key: "padding", least: 0, most: CheckedSize.maxPadding).map { .explicit($0) }
        }
    }
}
