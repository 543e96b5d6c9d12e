import ConvKit

/// A 3-channel 1024² image through a 2×2 max pool and a 3×3 stride-2 average pool with padding,
/// as `compute` runs them, and the max pool's whole trace as `trace` walks it.
private func pool(_ op: Op, size: Int, stride: Int, padding: Int) throws -> Layer {
    var r = SeededRandom(state: 11)
    let options = ConvOptions(stride: Pair(stride, stride), padding: .explicit(Pair(padding, padding)), poolSize: Pair(size, size))
    return try Layer(op: op, input: r.image([3, 1024, 1024]), kernel: LayerSpec.noKernel, options: options)
}

func poolCases(_ sink: Sink) -> [BenchCase] {
    [
        BenchCase(name: "max_pool_compute_1024", unit: ("output", 3 * 512 * 512)) {
            let layer = try pool(.maxPool, size: 2, stride: 2, padding: 0)
            return Body(run: { sink.take(layer.compute().data[0]) })
        },
        BenchCase(name: "avg_pool_compute_1024", unit: ("output", 3 * 512 * 512)) {
            let layer = try pool(.avgPool, size: 3, stride: 2, padding: 1)
            return Body(run: { sink.take(layer.compute().data[0]) })
        },
        traceWalk(sink, name: "max_pool_walk_1024", steps: 3 * 512 * 512 * 4) { Trace(try pool(.maxPool, size: 2, stride: 2, padding: 0)) },
        BenchCase(name: "reflect_conv_1024", unit: ("output", 1024 * 1024)) {
            var r = SeededRandom(state: 12)
            let layer = try Layer(op: .conv2d, input: r.image([1024, 1024]), kernel: KernelPresets.named("sobel-x")!,
                                  options: ConvOptions(padding: .same, paddingMode: .reflect))
            return Body(run: { sink.take(layer.compute().data[0]) })
        },
    ]
}
