import ConvKit
import Testing

/// Pools as the CLI and lessons build them: through `Layer(op:)` and `ConvOptions`, where the
/// stride defaults to the pool size and every option a pool has no use for is refused.
@Suite(.timeLimit(.minutes(10))) struct PoolLayerTests {
    static let pools = PoolFixture.all.filter(\.isPool)

    /// The options a lesson or the CLI would give for the fixture.
    static func options(_ c: PoolFixture) -> ConvOptions {
        guard case .explicit(let p) = c.padding, let k = c.poolSize else { fatalError("\(c.name) is not a pool case") }
        let size = Pair(k[0], k[1]), op = Op(rawValue: c.op)!
        return ConvOptions(
            stride: c.defaultStride == true ? ConvOptions.defaultStride(op: op, poolSize: size) : Pair(c.stride[0], c.stride[1]),
            padding: .explicit(Pair(p[0], p[1])), dilation: Pair(c.dilation[0], c.dilation[1]), poolSize: size, ceilMode: c.ceilMode ?? false)
    }

    @Test(arguments: pools)
    func aLayerOfThePoolOpGivesPyTorchsOutput(_ c: PoolFixture) throws {
        let build = { try Layer(op: Op(rawValue: c.op)!, input: c.input.tensor, kernel: LayerSpec.noKernel, options: Self.options(c)) }
        guard let expected = c.expected else {
            #expect(throws: ConvError.self, "\(c.name)") { try build() }
            return
        }
        let layer = try build()
        #expect(layer.op.rawValue == c.op)
        #expect(layer.outputShape == expected.shape)
        #expect(veryClose(layer.compute().data, expected.data), "\(c.name)")
        #expect(veryClose(Trace(layer).filter(\.isLastTerm).map { layer.finish(output: $0.outputFlat, sum: $0.sum) }, expected.data), "\(c.name)")
    }

    @Test func theStrideDefaultsToThePoolSizeOnlyForPools() {
        #expect(ConvOptions.defaultStride(op: .maxPool, poolSize: Pair(3, 2)) == Pair(3, 2))
        #expect(ConvOptions.defaultStride(op: .conv2d, poolSize: nil) == .one)
    }

    static let misfits: [(Op, ConvOptions, bias: Bool, kernel: Bool, LayerOption, String)] = [
        (.maxPool, ConvOptions(poolSize: .one), false, true, .kernel, "kernel does not apply to max-pool: a pooling window has no weights"),
        (.avgPool, ConvOptions(poolSize: .one), true, false, .bias, "bias does not apply to avg-pool"),
        (.avgPool, ConvOptions(dilation: Pair(2, 2), poolSize: .one), false, false, .dilation, "dilation applies to max-pool only"),
        (.maxPool, ConvOptions(groups: 2, poolSize: .one), false, false, .groups, "groups does not apply to max-pool"),
        (.maxPool, ConvOptions(flip: true, poolSize: .one), false, false, .flip, "flip does not apply to max-pool"),
        (.maxPool, ConvOptions(relu: true, poolSize: .one), false, false, .relu, "a pool has no activation"),
        (.maxPool, ConvOptions(paddingMode: .reflect, poolSize: .one), false, false, .paddingMode, "pads with -inf"),
        (.conv2d, ConvOptions(poolSize: Pair(2, 2)), false, true, .poolSize, "only applies to max-pool and avg-pool"),
        (.depthwise, ConvOptions(ceilMode: true), false, true, .ceilMode, "only applies to max-pool and avg-pool"),
        (.dense, ConvOptions(paddingMode: .circular), false, true, .paddingMode, "a fully connected layer has no padding"),
    ]

    @Test(arguments: misfits.indices)
    func anOptionThePoolOrConvDoesNotUseIsRefused(_ i: Int) {
        let (op, options, bias, kernel, option, says) = Self.misfits[i]
        let found = options.inapplicable(to: op, bias: bias, kernel: kernel)
        #expect(found.map(\.option) == [option])
        #expect(found.first?.message(naming: option.rawValue).contains(says) == true, "\(found.first?.message(naming: option.rawValue) ?? "")")
    }

    @Test func aPoolNeedsItsSizeAndExplicitPadding() {
        let x = try! GridText.parse("1 2; 3 4")
        #expect(throws: ConvError("--pool-size is required for max-pool: K or KH,KW (a max-pool 2 halves each side)")) {
            try Layer(op: .maxPool, input: x, kernel: LayerSpec.noKernel)
        }
        #expect(throws: ConvError.self) { try Layer(op: .avgPool, input: x, kernel: LayerSpec.noKernel, options: ConvOptions(padding: .same, poolSize: .one)) }
        #expect(throws: ConvError.self) { try Layer(op: .conv2d, input: x, kernel: x, options: ConvOptions(poolSize: .one)) }
    }

    /// A max pool whose taps all fall outside the input is −∞, as PyTorch gives it; written so
    /// JSON stays JSON and a screen never loops formatting it.
    @Test func minusInfinityIsWrittenAsText() {
        #expect(NumberFormat.json(-.infinity) == "\"-inf\"" && NumberFormat.json(.nan) == "\"nan\"" && NumberFormat.json(2.5) == "2.5")
        #expect(NumberFormat.short(-.infinity) == "-inf" && NumberFormat.exact(.infinity) == "inf")
    }
}
