import ConvKit
import Testing

/// SplitMix64: every run of the suite sees the same inputs, so a failure is reproducible.
struct FuzzRandom {
    var state: UInt64
    mutating func next() -> UInt64 { SplitMix64.step(&state) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1p-53 < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-52 - 1 }
}

/// A decoded tensor must be self-consistent: its shape accounts for its numbers, all finite.
func expectValid(_ t: Tensor, _ context: @autoclosure () -> String) {
    #expect(t.shape.allSatisfy { $0 >= 0 } && t.shape.reduce(1, *) == t.count, "\(context())")
    #expect(t.count <= Tensor.maxElements && t.data.allSatisfy(\.isFinite), "\(context())")
}

@Suite(.timeLimit(.minutes(10))) struct GridTextFuzzTests {
    /// Numbers in every spelling the format allows, and some it does not.
    static let tokens = ["0", "1", "-2", "+3", "4.5", ".5", "5.", "1e3", "-1E-3", "1/9", "-3/4", "7", "1e308", "2.5e-300",
                         "1e999", "9999999999999999999999999", "1/0", "nan", "inf", "-inf", "0x10", "1..2", "--1", "1e",
                         "e5", "/", "1/", "/2", "1/2/3", "true", "[1,2]", "{}", "null", "\u{0}", "é", "١", "½", "∞", "🙂"]
    static let separators = [" ", "  ", ",", ", ", "\t", ";", "|", "||", "\n", "\r\n", "\n\n", "\n---\n", "#", "\r", "\u{85}", "\u{2028}"]

    static func grid(_ r: inout FuzzRandom) -> String {
        let (f, c, h, w) = (r.int(1...2), r.int(1...3), r.int(1...4), r.int(1...5))
        let filters = (0..<f).map { _ in
            (0..<c).map { _ in
                (0..<h).map { _ in (0..<w).map { _ in r.chance(0.9) ? r.pick(Array(tokens.prefix(12))) : r.pick(tokens) }.joined(separator: r.pick([" ", ",", ", "])) }
                    .joined(separator: r.chance(0.5) ? "\n" : "; ")
            }.joined(separator: r.chance(0.5) ? "\n\n" : " | ")
        }
        return filters.joined(separator: r.chance(0.5) ? "\n---\n" : " || ")
    }

    static func mutate(_ text: String, _ r: inout FuzzRandom) -> String {
        var chars = Array(text)
        switch r.int(0...6) {
        case 0: chars = Array(chars.prefix(r.int(0...chars.count)))                              // truncation
        case 1: for _ in 0..<r.int(1...8) { chars.insert(Character(Unicode.Scalar(UInt8(r.int(0...255)))), at: r.int(0...chars.count)) }
        case 2: for _ in 0..<r.int(1...4) { chars.insert(contentsOf: r.pick(separators), at: r.int(0...chars.count)) }
        case 3: chars.insert(contentsOf: r.pick(tokens), at: r.int(0...chars.count))
        case 4: if !chars.isEmpty { chars.remove(at: r.int(0...(chars.count - 1))) }
        case 5: chars += Array(String(repeating: r.pick(["|", "||", ";", "\n", "---\n", "# x\n", ","]), count: r.int(50...800)))
        default: chars = Array(String(repeating: r.pick(["9", "1/", "-", "e"]), count: r.int(1...400)))   // huge or empty numbers
        }
        return String(chars)
    }

    /// Every input ends in a tensor or a ParseError: no crash, no other error, nothing hangs.
    @Test func generatedAndMutatedGrids() {
        var r = FuzzRandom(state: 7)
        var parsed = 0, refused = 0
        for i in 0..<1000 {
            var text = Self.grid(&r)
            for _ in 0..<(i < 200 ? 0 : r.int(1...3)) { text = Self.mutate(text, &r) }
            do {
                expectValid(try GridText.parse(text), "case \(i): \(text.debugDescription.prefix(200))")
                parsed += 1
            } catch let e as GridText.ParseError {
                #expect(e.line >= 1 && !e.message.isEmpty)
                refused += 1
            } catch {
                Issue.record("case \(i): unexpected \(type(of: error)): \(error)")
            }
        }
        // Both outcomes must actually occur, or the generator is not exercising the parser.
        #expect(parsed > 150 && refused > 150)
    }

    @Test func randomBytesAndRunsOfSeparators() {
        var r = FuzzRandom(state: 8)
        for i in 0..<400 {
            let bytes = (0..<r.int(0...200)).map { _ in UInt8(r.int(0...255)) }
            let text = i % 2 == 0 ? String(decoding: bytes, as: UTF8.self)
                                  : (0..<r.int(1...200)).map { _ in r.pick(Self.separators + Self.tokens) }.joined()
            do { expectValid(try GridText.parse(text), "case \(i)") } catch is GridText.ParseError {} catch {
                Issue.record("case \(i): unexpected \(type(of: error)): \(error)")
            }
        }
    }
}

@Suite(.timeLimit(.minutes(10))) struct NPYFuzzTests {
    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }

    /// A .npy file with any header text (padded as numpy pads it) and any body.
    static func file(_ dict: String, body: [UInt8], version: UInt8 = 1) -> [UInt8] {
        var h = Array(dict.utf8)
        let prefix = version == 1 ? 10 : 12
        while (prefix + h.count + 1) % 64 != 0 { h.append(0x20) }
        h.append(0x0A)
        let length = version == 1 ? [UInt8(h.count & 0xFF), UInt8(h.count >> 8)] : le(UInt32(h.count))
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0] + length + h + body
    }

    static func header(descr: String, fortran: String = "False", shape: String) -> String {
        "{'descr': \(descr), 'fortran_order': \(fortran), 'shape': \(shape), }"
    }

    /// A well-formed file of a random dtype and shape.
    static func valid(_ r: inout FuzzRandom) -> [UInt8] {
        let shape = (0..<r.int(0...4)).map { _ in r.int(0...4) }
        let n = shape.reduce(1, *)
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        let (descr, body): (String, [UInt8]) = switch r.int(0...3) {
        case 0: ("'<f8'", (0..<n).flatMap { _ in le(r.unit().bitPattern) })
        case 1: ("'<f4'", (0..<n).flatMap { _ in le(Float(r.unit()).bitPattern) })
        case 2: ("'<i8'", (0..<n).flatMap { _ in le(Int64(r.int(-1000...1000))) })
        default: ("'<i4'", (0..<n).flatMap { _ in le(Int32(r.int(-1000...1000))) })
        }
        return file(header(descr: descr, shape: "(\(dims))"), body: body, version: UInt8(r.int(1...3)))
    }

    static let descrs = ["'<f8'", "'>f8'", "'|b1'", "'<c16'", "'O'", "'<U3'", "[('a', '<f8')]", "'<f8", "<f8", "42", "None", "''", "'\u{0}'"]
    static let shapes = ["()", "(3,)", "(2, 2)", "(-1,)", "(1.5,)", "(a,)", "(,)", "(,,,,)", "(1,,2)", "[2, 2]", "2", "(2", "2)",
                         "(10000, 10000)", "(100000, 100000)", "(99999999999999999999999,)", "(4611686018427387904, 4)",
                         "(1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000)", "(1, 1, 1, 1, 1, 1, 1, 1, 1)",
                         String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300)]

    static func mutate(_ bytes: [UInt8], _ r: inout FuzzRandom) -> [UInt8] {
        var b = bytes
        switch r.int(0...5) {
        case 0: b = Array(b.prefix(r.int(0...b.count)))                                              // truncation
        case 1: for _ in 0..<r.int(1...6) where !b.isEmpty { b[r.int(0...(b.count - 1))] = UInt8(r.int(0...255)) }
        case 2: if b.count > 9 { b[r.int(6...9)] = UInt8(r.int(0...255)) }                            // version / header length
        case 3: b = file(header(descr: r.pick(descrs), fortran: r.pick(["False", "True", "0", "'no'"]), shape: r.pick(shapes)),
                         body: Array(b.suffix(r.int(0...64))), version: UInt8(r.int(1...3)))
        case 4: b = file(r.pick(["{}", "{'descr': '<f8'}", "", "{'descr': '<f8', 'shape': (1,)}", "not a dict", "{'shape': (1,), 'fortran_order': False, 'descr': '<f8'}"]),
                         body: [UInt8](repeating: 0, count: r.int(0...16)))
        default: b.insert(contentsOf: (0..<r.int(1...32)).map { _ in UInt8(r.int(0...255)) }, at: r.int(0...b.count))
        }
        return b
    }

    /// Every input ends in a tensor or a ConvError: no crash, no other error, nothing hangs.
    @Test func generatedAndMutatedFiles() {
        var r = FuzzRandom(state: 9)
        var decoded = 0, refused = 0
        for i in 0..<1500 {
            var bytes = Self.valid(&r)
            if i >= 300 { for _ in 0..<r.int(1...3) { bytes = Self.mutate(bytes, &r) } }
            if i % 10 == 9 { bytes = (0..<r.int(0...200)).map { _ in UInt8(r.int(0...255)) } }      // pure noise
            do {
                expectValid(try NPY.decode(bytes), "case \(i)")
                decoded += 1
            } catch let e as ConvError {
                #expect(!e.message.isEmpty)
                refused += 1
            } catch {
                Issue.record("case \(i): unexpected \(type(of: error)): \(error)")
            }
        }
        #expect(decoded > 300 && refused > 300)
    }

    /// A header may declare any shape; the reader must refuse what the file cannot hold before
    /// allocating for it. The smallest shape here is 800 MB of doubles: touching it would raise
    /// the process's peak memory far past the margin.
    @Test(.timeLimit(.minutes(10))) func hugeDeclaredShapesAreRefusedBeforeAllocating() throws {
        let cases = ["(10000, 10000)", "(100000000,)", "(100000, 100000)", "(4611686018427387904, 4)",
                     "(1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000)", "(3037000500, 3037000500)"]
        let before = peakResidentBytes()
        for (i, shape) in cases.enumerated() {
            for descr in ["'<f8'", "'<i4'"] {
                let bytes = Self.file(Self.header(descr: descr, shape: shape), body: [UInt8](repeating: 0, count: 64), version: UInt8(1 + i % 3))
                #expect(throws: ConvError.self) { try NPY.decode(bytes) }
                do { _ = try NPY.decode(bytes) } catch let e as ConvError {
                    #expect(e.message.contains("too large") || e.message.contains("truncated"), "\(shape): \(e.message)")
                }
            }
        }
        #expect(peakResidentBytes() - before < 256 << 20)
        // The header length field is checked as well: a 4 GiB header is not read.
        let long = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 2, 0, 0xFF, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0x20, count: 64)
        #expect(throws: ConvError.self) { try NPY.decode(long) }
    }
}

/// compute() is optimised (SIMD tiles, threads); the trace is the definition. They must agree
/// to the last bit for every shape, stride, dilation, padding, grouping and flip.
@Suite(.timeLimit(.minutes(10))) struct ComputeMatchesTraceFuzzTests {
    static func layer(_ r: inout FuzzRandom) throws -> Layer? {
        let op: Op = r.pick([.conv2d, .conv2d, .conv2d, .depthwise, .pointwise])
        let groups = op == .conv2d && r.chance(0.3) ? r.int(1...3) : 1
        let cin = groups * r.int(1...3), cout = groups * r.int(1...6)
        let (kh, kw) = op == .pointwise ? (1, 1) : (r.int(1...4), r.int(1...4))
        // Wide rows reach the vector kernels' 32- and 64-column spans as well as their tails.
        let h = r.int(1...10), w = r.chance(0.3) ? r.int(19...90) : r.int(1...18)
        let input = try Tensor(shape: [cin, h, w], data: (0..<(cin * h * w)).map { _ in r.chance(0.2) ? 0 : r.unit() * 10 })
        let kernelShape = switch op {
        case .depthwise: [cin, kh, kw]
        case .pointwise: [cout, cin]
        default: [cout, cin / groups, kh, kw]
        }
        let kernel = try Tensor(shape: kernelShape, data: (0..<kernelShape.reduce(1, *)).map { _ in r.chance(0.1) ? -0.0 : r.unit() })
        let outs = op == .depthwise ? cin : cout
        let bias = r.chance(0.5) ? try Tensor(shape: [outs], data: (0..<outs).map { _ in r.unit() }) : nil
        var options = ConvOptions(stride: Pair(r.int(1...3), r.int(1...3)), dilation: Pair(r.int(1...2), r.int(1...3)),
                                  groups: groups, flip: r.chance(0.5), relu: r.chance(0.5))
        options.padding = r.pick([.valid, .full, .explicit(Pair(r.int(0...3), r.int(0...3)))])
        if r.chance(0.2) { (options.stride, options.padding) = (.one, .same) }
        return try? Layer(op: op, input: input, kernel: kernel, bias: bias, options: options)
    }

    /// The first `count` valid layers of a seed (most draws are valid; the bound keeps a broken
    /// generator from looping for ever).
    static func layers(_ count: Int, seed: UInt64) throws -> [Layer] {
        var r = FuzzRandom(state: seed)
        var found: [Layer] = []
        for _ in 0..<(count * 20) where found.count < count {
            if let layer = try layer(&r) { found.append(layer) }
        }
        #expect(found.count == count, "the generator found only \(found.count) valid layers")
        return found
    }

    /// The convolutions among them, with the index each had in `layers`.
    static func convolutions(_ count: Int, seed: UInt64) throws -> [(Int, ConvLayer)] {
        try layers(count, seed: seed).enumerated().compactMap { i, layer in
            if case .conv(let conv) = layer { (i, conv) } else { nil }
        }
    }

    @Test func everyOutputEqualsItsTraceToTheBit() throws {
        for (checked, layer) in try Self.layers(200, seed: 10).enumerated() {
            let trace = Trace(layer)
            let out = layer.compute()
            for o in 0..<out.count {
                let expected = layer.finish(output: o, sum: trace[trace.lastStep(ofOutput: o)].sum)
                guard out.data[o].bitPattern == expected.bitPattern else {
                    Issue.record("layer \(checked) output \(o): compute \(out.data[o]) ≠ trace \(expected)")
                    return
                }
            }
        }
    }

    /// The portable Swift tiles, which every CPU runs, against the trace: the reference the
    /// vector kernels below are compared with, so it is checked on its own first.
    @Test func portableTilesMatchTheTraceToTheBit() throws {
        for (checked, conv) in try Self.convolutions(300, seed: 12) {
            let trace = Trace(.conv(conv))
            let portable = conv.compute(vectors: .portable)
            let expected = (0..<portable.count).map { Layer.conv(conv).finish(output: $0, sum: trace[trace.lastStep(ofOutput: $0)].sum) }
            #expect(portable.data.map(\.bitPattern) == expected.map(\.bitPattern), "layer \(checked): \(conv.input.shape) ⋆ \(conv.weight.shape)")
        }
    }

    /// The C vector kernels and the portable Swift tiles run the same sums in the same order, so
    /// every bit must agree. A CPU without the instructions skips the test (shown as skipped,
    /// never as passed), and each run counts the layers wide enough to use them.
    @Test(.enabled(if: VectorUnit.nativeLanes >= 8, "this CPU has no AVX-512"))
    func avx512MatchesPortableToTheBit() throws { try vectorsMatchPortable(lanes: 8) }

    @Test(.enabled(if: VectorUnit.nativeLanes >= 4, "this CPU has no AVX2"))
    func avx2MatchesPortableToTheBit() throws { try vectorsMatchPortable(lanes: 4) }

    func vectorsMatchPortable(lanes: Int) throws {
        var spans = 0
        for (checked, conv) in try Self.convolutions(300, seed: 12) {
            let portable = conv.compute(vectors: .portable).data.map(\.bitPattern)
            let vector = conv.compute(vectors: .atMost(lanes: lanes)).data.map(\.bitPattern)
            #expect(vector == portable, "\(lanes) lanes, layer \(checked): \(conv.input.shape) ⋆ \(conv.weight.shape)")
            if conv.options.stride.w == 1 && conv.outWidth >= 32 { spans += 1 }
        }
        // Rows of 32 columns or more run through the C kernels' widest spans, not only their tails.
        #expect(spans >= 20, "only \(spans) layers wide enough for the widest \(lanes)-lane spans")
    }

    /// Large enough to be split across threads; checked against the trace at sampled outputs.
    @Test func threadedComputeMatchesTheTrace() throws {
        var r = FuzzRandom(state: 11)
        let input = try Tensor(shape: [8, 70, 45], data: (0..<(8 * 70 * 45)).map { _ in r.unit() })
        let kernel = try Tensor(shape: [6, 8, 3, 3], data: (0..<(6 * 8 * 9)).map { _ in r.unit() })
        let layer = try Layer(op: .conv2d, input: input, kernel: kernel, options: ConvOptions(padding: .explicit(Pair(2, 1))))
        #expect(layer.outputCount * layer.termsPerOutput >= 1 << 20)
        let trace = Trace(layer), out = layer.compute()
        for _ in 0..<400 {
            let o = r.int(0...(out.count - 1))
            #expect(out.data[o].bitPattern == trace[trace.lastStep(ofOutput: o)].sum.bitPattern, "output \(o)")
        }
    }
}
