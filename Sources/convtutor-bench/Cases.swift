import ConvKit
import TutorUI

/// SplitMix64: the same inputs on every machine and every run.
struct SeededRandom {
    var state: UInt64
    mutating func next() -> UInt64 { SplitMix64.step(&state) }
    /// Uniform in [-1, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-52 - 1 }
    mutating func tensor(_ shape: [Int]) -> Tensor {
        try! Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in unit() })
    }
    /// 8-bit pixel values, as an image would give.
    mutating func image(_ shape: [Int]) -> Tensor {
        try! Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Double(next() % 256) })
    }
}

let seedSpec = LayerSpec(
    input: try! GridText.parse("1 1 1 0 0; 0 1 1 1 0; 0 0 1 1 1; 0 0 1 1 0; 0 1 1 0 0"),
    kernel: KernelPresets.named("x")!)
let terminal = Size(width: 80, height: 24)

func allCases(_ sink: Sink) -> [BenchCase] {
    [
        correlate1024(sink, vectors: .native),
        conv16(sink, vectors: .native),
        // The same two without the C vector kernels: what AVX-512/AVX2 buys on this machine.
        correlate1024(sink, vectors: .portable),
        conv16(sink, vectors: .portable),
        traceWalk(sink, steps: 1_000_000),
        gradientWalk(sink),
        gradientJumps(sink),
        BenchCase(name: "render_seed_steps", unit: ("frame", 81)) {
            var state = try StepperState(spec: seedSpec)
            precondition(state.trace.count == 81)
            return Body(run: {
                for p in 0..<81 {
                    state.position = p
                    sink.take(state.view(terminal).cells.count)
                }
            })
        },
        render64(sink, name: "render_heatmap_64", heatmap: true),
        // The same image in the numeric grid view, panned to keep the kernel in sight.
        render64(sink, name: "render_grid_64", heatmap: false),
        diffSeedSteps(sink),
        BenchCase(name: "first_frame_seed", unit: nil) {
            Body(run: { sink.take(try! StepperState(spec: seedSpec).view(terminal).cells.count) },
                 facts: [("width", 80), ("height", 24)])
        },
        BenchCase(name: "first_frame_1024", unit: nil) {
            var r = SeededRandom(state: 5)
            let spec = LayerSpec(input: r.image([1024, 1024]), kernel: KernelPresets.named("x")!)
            return Body(run: { sink.take(try! StepperState(spec: spec).view(terminal).cells.count) },
                        facts: [("width", 80), ("height", 24)])
        },
    ] + poolCases(sink) + inputCases(sink) + layoutCases(sink) + stackCases(sink)
}

func correlate1024(_ sink: Sink, vectors: VectorUnit) -> BenchCase {
    BenchCase(name: "correlate2d_1024_3x3" + suffix(vectors), unit: nil) {
        var r = SeededRandom(state: 1)
        let layer = try ConvLayer(op: .conv2d, input: r.tensor([1024, 1024]), kernel: r.tensor([3, 3]))
        return Body(run: { sink.take(layer.compute(vectors: vectors).data[0]) }, facts: lanes(vectors))
    }
}

func conv16(_ sink: Sink, vectors: VectorUnit) -> BenchCase {
    BenchCase(name: "conv2d_c16_128_3x3" + suffix(vectors), unit: nil) {
        var r = SeededRandom(state: 2)
        let layer = try ConvLayer(op: .conv2d, input: r.tensor([16, 128, 128]), kernel: r.tensor([16, 16, 3, 3]),
                                  options: ConvOptions(padding: .explicit(Pair(1, 1))))
        return Body(run: { sink.take(layer.compute(vectors: vectors).data[0]) }, facts: lanes(vectors))
    }
}

private func suffix(_ vectors: VectorUnit) -> String { vectors == .native ? "" : "_portable" }
private func lanes(_ vectors: VectorUnit) -> [(String, Double)] {
    [("vector_lanes", Double(vectors == .native ? VectorUnit.nativeLanes : 2))]
}

/// A 64×64 image (pixel values 0–255, Sobel-x kernel) in the stepper at 200×60: 200 frames at
/// positions spread over the whole trace, so the window visits every part of the picture.
func render64(_ sink: Sink, name: String, heatmap: Bool) -> BenchCase {
    BenchCase(name: name, unit: ("frame", 200)) {
        var r = SeededRandom(state: 4)
        var state = try StepperState(spec: LayerSpec(input: r.image([64, 64]), kernel: KernelPresets.named("sobel-x")!))
        state.heatmap = heatmap
        let last = state.trace.count - 1
        let size = Size(width: 200, height: 60)
        return Body(run: {
            for i in 0..<200 {
                state.position = i * last / 199
                sink.take(state.view(size).cells.count)
            }
        })
    }
}

/// A forward walk of the trace, wrapping around at its end, reading every field of every step.
func traceWalk(_ sink: Sink, steps: Int) -> BenchCase {
    traceWalk(sink, name: "trace_walk_1m", steps: steps) {
        var r = SeededRandom(state: 3)
        return Trace(try Layer(op: .conv2d, input: r.tensor([3, 64, 64]), kernel: r.tensor([8, 3, 3, 3])))
    }
}

/// `steps` steps of the trace `build` makes, walked as `trace` prints them.
func traceWalk(_ sink: Sink, name: String, steps: Int, _ build: @escaping () throws -> Trace) -> BenchCase {
    BenchCase(name: name, unit: ("step", steps)) {
        let trace = try build()
        return Body(run: {
            var done = 0, ints = 0, doubles = 0.0
            while done < steps {
                var walk = trace.makeIterator()
                while done < steps, let s = walk.next() {
                    ints &+= s.index &+ s.outputFlat &+ s.termIndex &+ s.termCount &+ (s.isLastTerm ? 1 : 0)
                    ints &+= s.output.reduce(0, &+) &+ s.term.weight.reduce(0, &+) &+ s.term.window.reduce(0, &+)
                    ints &+= s.term.input?.reduce(0, &+) ?? -1
                    doubles += s.x + s.w + s.product + s.sum
                    done += 1
                }
            }
            sink.take(ints)
            sink.take(doubles)
        }, facts: [("trace_length", Double(trace.count))])
    }
}

/// What the terminal backend pays per frame to find the cells it must redraw.
func diffSeedSteps(_ sink: Sink) -> BenchCase {
    BenchCase(name: "diff_seed_steps", unit: ("diff", 80)) {
        var state = try StepperState(spec: seedSpec)
        let frames = (0..<81).map { p in
            state.position = p
            return state.view(terminal)
        }
        var changed = 0
        for i in 1..<81 { changed += frames[i].changedRuns(since: frames[i - 1]).reduce(0) { $0 + $1.length } }
        return Body(run: {
            for i in 1..<81 { sink.take(frames[i].changedRuns(since: frames[i - 1]).count) }
        }, facts: [("changed_cells_mean", Double(changed) / 80), ("cells_per_frame", Double(terminal.width * terminal.height))])
    }
}
