import ConvKit
import Testing

/// rf / jump / start against tables worked by hand (input pixel i centred at i), and the
/// `--layers` text that describes them.
@Suite(.timeLimit(.minutes(10))) struct ReceptiveFieldTests {
    /// One row as a table prints it: size (nil without an input size), rf, jump, start.
    struct Row: Equatable, CustomStringConvertible {
        let size: Int?, rf: Int, jump: Int, start: Double
        init(_ size: Int?, _ rf: Int, _ jump: Int, _ start: Double) { (self.size, self.rf, self.jump, self.start) = (size, rf, jump, start) }
        var description: String { "(\(size.map(String.init) ?? "-"), \(rf), \(jump), \(start))" }
    }

    static func rows(_ layers: String, input: Int?) throws -> [Row] {
        try ReceptiveField(layers: FieldLayer.parse(layers), inputSize: input).rows.map { Row($0.size, $0.rf, $0.jump, $0.start) }
    }

    /// The issue's stack on a 32×32 input. By hand, layer by layer:
    /// 1. conv k=3: 32−3+1 = 30; rf 1+2·1 = 3; start 0+(1−0)·1 = 1.
    /// 2. conv k=3 s=2 p=1: (30+2−3) div 2 + 1 = 15; rf 3+2·1 = 5; jump 2; start 1+(1−1)·1 = 1.
    /// 3. pool k=2 (s=2): (15−2) div 2 + 1 = 7; rf 5+1·2 = 7; jump 4; start 1+(0.5−0)·2 = 2.
    /// 4. conv k=3 d=2: 7−5+1 = 3; rf 7+2·2·4 = 23; start 2+(2−0)·4 = 10.
    @Test func theIssuesStack() throws {
        #expect(try Self.rows("conv k=3; conv k=3 s=2 p=1; pool k=2; conv k=3 d=2", input: 32) == [
            Row(32, 1, 1, 0), Row(30, 3, 1, 1), Row(15, 5, 2, 1), Row(7, 7, 4, 2), Row(3, 23, 4, 10),
        ])
        // Without an input size the field is the same; only the sizes are unknown.
        #expect(try Self.rows("conv k=3; conv k=3 s=2 p=1; pool k=2; conv k=3 d=2", input: nil).map(\.size) == [nil, nil, nil, nil, nil])
    }

    /// The guide's example (5×5, two conv k=3 s=2 p=1): sizes 3 and 2, jumps 2 and 4, rf 3 and
    /// 7. The guide centres pixel i at i + 0.5, so its starts (0.5) are ours plus 0.5.
    @Test func theGuidesExample() throws {
        #expect(try Self.rows("conv k=3 s=2 p=1; conv k=3 s=2 p=1", input: 5) == [Row(5, 1, 1, 0), Row(3, 3, 2, 0), Row(2, 7, 4, 0)])
    }

    /// Two 3×3 layers see 5×5; a pool doubles the jump; 'same' padding keeps the size and start 0.
    @Test func paddedThreeByThreesThenAPool() throws {
        #expect(try Self.rows("conv k=3 p=1; conv k=3 p=1; pool k=2", input: 32) == [
            Row(32, 1, 1, 0), Row(32, 3, 1, 0), Row(32, 5, 1, 0), Row(16, 6, 2, 0.5),
        ])
    }

    /// Dilation 1, 2, 4 grows the field exponentially: 3, 7, 15 (sizes 16 → 14 → 10 → 2).
    @Test func dilatedStackGrowsExponentially() throws {
        #expect(try Self.rows("conv k=3; conv k=3 d=2; conv k=3 d=4", input: 16) == [
            Row(16, 1, 1, 0), Row(14, 3, 1, 1), Row(10, 7, 1, 3), Row(2, 15, 1, 7),
        ])
    }

    /// ResNet's stem on 224: conv k=7 s=2 p=3 → 112, rf 7; max-pool k=3 s=2 p=1 → 56, rf 11, jump 4.
    @Test func resnetStem() throws {
        #expect(try Self.rows("conv k=7 s=2 p=3; pool k=3 s=2 p=1", input: 224) == [Row(224, 1, 1, 0), Row(112, 7, 2, 0), Row(56, 11, 4, 0)])
    }

    /// An even kernel centres the field between pixels: conv k=2 s=2 starts at 0.5; another
    /// conv k=2 (jump 2) at 0.5 + 0.5·2 = 1.5, its output 0 reading pixels 0…3.
    @Test func evenKernelsStartHalfwayBetweenPixels() throws {
        let field = try ReceptiveField(layers: FieldLayer.parse("conv k=2 s=2; conv k=2"), inputSize: 8)
        #expect(field.rows.map { Row($0.size, $0.rf, $0.jump, $0.start) } == [Row(8, 1, 1, 0), Row(4, 2, 2, 0.5), Row(3, 4, 2, 1.5)])
        #expect(field.rows.map(\.startText) == ["0", "0.5", "1.5"])
        #expect(field.summary == "Output (i, j) of layer 2 depends on input pixels within the 4×4 square centred at (2i+1.5, 2j+1.5).")
    }

    /// Padding moves the start before the input: conv k=2 p=1 centres output 0 at −0.5.
    @Test func paddingMovesTheStartBeforeTheInput() throws {
        let field = try ReceptiveField(layers: FieldLayer.parse("conv k=2 p=1; conv k=3 s=2 p=1"), inputSize: 4)
        #expect(field.rows.map { Row($0.size, $0.rf, $0.jump, $0.start) } == [Row(4, 1, 1, 0), Row(5, 2, 1, -0.5), Row(3, 4, 2, -0.5)])
        #expect(field.rows.map(\.startText) == ["0", "-0.5", "-0.5"])
        // A given output's centre, start + jump·i, exact: output 0 before the input, output 3 at 5.5.
        #expect([0, 1, 3].map { field.rows[2].centre(of: $0) } == ["-0.5", "1.5", "5.5"])
        #expect(field.summary.hasSuffix("centred at (2i-0.5, 2j-0.5)."))
        #expect(try ReceptiveField(layers: FieldLayer.parse("conv k=1 p=1")).summary.hasSuffix("the 1×1 square centred at (i-1, j-1)."))
        #expect(try ReceptiveField(layers: FieldLayer.parse("conv k=3")).summary.hasSuffix("the 3×3 square centred at (i+1, j+1)."))
    }

    @Test func aLayerWithoutOutputsIsNamed() throws {
        #expect(throws: ConvError("layer 3 (conv k=3) does not fit: its input is 1×1 but its kernel spans 3")) {
            try ReceptiveField(layers: FieldLayer.parse("conv k=3; conv k=3; conv k=3"), inputSize: 5)
        }
        #expect(throws: ConvError("layer 2 (pool k=2) does not fit: its input is 1×1 but its window spans 2")) {
            try ReceptiveField(layers: FieldLayer.parse("pool k=2; pool k=2"), inputSize: 3)
        }
        #expect(throws: ConvError("layer 1 (conv k=4 p=1 d=2) does not fit: its input is 3×3 (5×5 padded) but its kernel spans 7 (2·(4 − 1) + 1)")) {
            try ReceptiveField(layers: FieldLayer.parse("conv k=4 p=1 d=2"), inputSize: 3)
        }
        // Exactly fitting is one output.
        #expect(try Self.rows("conv k=4 p=1 d=2", input: 5).last == Row(1, 7, 1, 2))
    }

    /// Strides of a million multiply the jump past Int64 by the fourth layer: one message, no trap.
    @Test func aFieldPastInt64IsRefused() {
        #expect(throws: ConvError("layer 4 (conv k=3 s=1000000) grows its receptive field past what can be represented")) {
            try ReceptiveField(layers: FieldLayer.parse(Array(repeating: "conv k=3 s=1000000", count: 4).joined(separator: "; ")))
        }
    }

    @Test func inputSizeIsBounded() {
        #expect(throws: ConvError("--input-size must be at least 1; got 0")) { try ReceptiveField(layers: [], inputSize: 0) }
        #expect(throws: ConvError("--input-size 10001 is too large (at most 10000)")) { try ReceptiveField(layers: [], inputSize: 10001) }
    }

    // MARK: --layers

    @Test func layersTextReadsEveryKeyInAnyOrderAndCase() throws {
        let layers = try FieldLayer.parse(" Conv d=2 P=1 k=3 s=2 ;pool k=3;; conv k=2 ; ")
        #expect(layers == [try FieldLayer(.conv, k: 3, s: 2, p: 1, d: 2), try FieldLayer(.pool, k: 3), try FieldLayer(.conv, k: 2)])
        #expect(layers.map(\.description) == ["conv k=3 s=2 p=1 d=2", "pool k=3", "conv k=2"])
        // A pool's stride defaults to its size; a conv's to 1. Written only when it differs.
        #expect(layers.map(\.stride) == [2, 3, 1])
        #expect(try FieldLayer.parse("pool k=2 s=1; conv k=3 s=1").map(\.description) == ["pool k=2 s=1", "conv k=3"])
    }

    @Test(arguments: [
        ("", "--layers: no layers given; e.g. \"conv k=3; pool k=2\""),
        (" ; ", "--layers: no layers given; e.g. \"conv k=3; pool k=2\""),
        ("conv k=3; conv k=3 x=1", "--layers: layer 2: unknown key 'x' (keys: k, s, p, d)"),
        ("conv k=3; fc k=3", "--layers: layer 2: unknown layer 'fc' (layers: conv, pool)"),
        ("conv 3", "--layers: layer 1: '3' is not key=value (keys: k, s, p, d)"),
        ("conv k=3 k=5", "--layers: layer 1: k is given twice"),
        ("conv k=3 S=1 s=2", "--layers: layer 1: s is given twice"),
        ("conv s=2", "--layers: layer 1: conv needs k, its window size (e.g. 'conv k=3')"),
        ("pool k=two", "--layers: layer 1: k=two is not a whole number"),
        ("pool k=", "--layers: layer 1: k= is not a whole number"),
        ("conv k=3,5", "--layers: layer 1: k=3,5: one number per key; layers here are square, so it serves rows and columns"),
        ("conv k=0", "--layers: layer 1: k must be at least 1; got 0"),
        ("conv k=10001", "--layers: layer 1: k 10001 is too large (at most 10000)"),
        ("conv k=3 s=0", "--layers: layer 1: s must be at least 1; got 0"),
        ("conv k=3 s=99999999999999999999", "--layers: layer 1: s is too large (at most 1000000)"),
        ("conv k=3 p=-1", "--layers: layer 1: p must not be negative; got -1"),
        ("conv k=3 p=10001", "--layers: layer 1: p 10001 is too large (at most 10000)"),
        ("conv k=3 d=0", "--layers: layer 1: d must be at least 1; got 0"),
        ("conv k=3; pool k=3 p=2", "--layers: layer 2: pool p=2 is more than half of k=3: PyTorch allows at most 3 // 2 = 1"),
    ])
    func layersTextErrorsNameTheLayerAndWord(_ text: String, _ message: String) {
        #expect(throws: ConvError(message)) { try FieldLayer.parse(text) }
    }
}
