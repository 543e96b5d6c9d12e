import ConvKit

/// A five-layer stack of 3×3 'same' convs over a 1024² image: building it (every layer computed
/// and kept), and following one deep output back to the input, which visits the field's cells
/// only (an 11×11 field), however large the image.
private func stack() throws -> Stack {
    var r = SeededRandom(state: 13)
    let input = r.image([1024, 1024])
    let layer = LayerSpec(input: input, kernel: KernelPresets.named("sobel-x")!, options: ConvOptions(padding: .same))
    return try Stack(input: input, layers: Array(repeating: layer, count: 5))
}

func stackCases(_ sink: Sink) -> [BenchCase] {
    [
        BenchCase(name: "stack_build_5x1024", unit: ("output", 5 * 1024 * 1024)) {
            _ = try stack()
            return Body(run: { sink.take((try? stack())?.output.data[0] ?? 0) })
        },
        BenchCase(name: "stack_follow_5x1024", unit: ("follow", 1)) {
            let s = try stack()
            let centre = Tensor.ravel([0, 512, 512], [1, 1024, 1024])
            _ = try s.paths(layer: 5, cell: [0, 512, 512])
            return Body(run: { sink.take((try? s.paths(layer: 5, cell: [0, 512, 512]))?[0][centre] ?? 0) })
        },
    ]
}
