import ConvKit

/// dW of a 3×3 conv over a 1024×1024 image: 9 cells of 1022² terms each, the longest sums a
/// gradient trace has (a dW cell sums over every output position).
private func weightGradient1024() throws -> Trace {
    var r = SeededRandom(state: 8)
    let input = r.tensor([1024, 1024])
    let spec = LayerSpec(input: input, kernel: r.tensor([3, 3]), gradient: GradientSpec(gradOutput: r.tensor([1022, 1022])))
    return Trace(try spec.steppedOp())
}

/// The whole dW trace, as `trace --grad-output` walks it.
func gradientWalk(_ sink: Sink) -> BenchCase {
    traceWalk(sink, name: "grad_weight_walk_1024", steps: 9 * 1022 * 1022, weightGradient1024)
}

/// 100 steps spread over the dW trace, each reached directly as the stepper's End or a jump
/// does: a step costs its cell's terms before it (up to 1022²), never the cells before.
func gradientJumps(_ sink: Sink) -> BenchCase {
    BenchCase(name: "grad_weight_jump_1024", unit: ("step", 100)) {
        let trace = try weightGradient1024()
        let last = trace.count - 1
        return Body(run: { for i in 0..<100 { sink.take(trace[i * last / 99].sum) } }, facts: [("trace_length", Double(trace.count))])
    }
}
