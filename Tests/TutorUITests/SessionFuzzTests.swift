import ConvKit
import Foundation
import LessonKit
import Testing
@testable import TutorUI

/// 1,000 seeded sessions of random keys, typing, clicks, ticks and resizes (from 0×0 to 200×60,
/// 60×16 and 80×24 among them) over every bundled lesson, the menu and every stepper op with
/// random options: every update and every frame must survive, and every frame fills the
/// screen it was drawn for. The work is bounded by the session and event counts, not a clock.
@Suite(.timeLimit(.minutes(10))) struct SessionFuzzTests {
    static let sizes = [(0, 0), (1, 1), (7, 2), (20, 6), (40, 10), (59, 15), (60, 16), (80, 24), (100, 30), (132, 43), (200, 60)]
        .map { Size(width: $0.0, height: $0.1) }
    static let keys: [Event] = [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .enter, .backspace,
                                .delete, .tab, .backTab]
    /// Stepper and lesson commands, answer text, and characters that are wide, combined or not ASCII.
    static let characters: [Character] = Array("0123456789-./e x?gGnpfdom[]rv+-=,yYnNabcsk|") + ["−", "日", "本", "🙂", "e\u{301}", "\u{7}"]
    static let sessionCount = 1_000, eventsPerSession = 40

    enum Target: CustomStringConvertible {
        case lesson(Lesson), menu, demo(Lesson), op(Op)
        var description: String {
            switch self {
            case .lesson(let l): "lesson \(l.id)"
            case .menu: "menu"
            case .demo(let l): "demo \(l.id)"
            case .op(let op): "step --op \(op.rawValue)"
            }
        }
    }

    @Test func randomSessionsNeverCrashAndFillTheScreen() throws {
        let lessons = BundledLessonScreenTests.lessons
        #expect(lessons.count >= 14)
        let targets = lessons.map(Target.lesson) + Op.allCases.map(Target.op) + Op.allCases.map(Target.op)
            + [.menu, .demo(lessons[0]), .demo(lessons[lessons.count - 1])]
        var r = SplitMix64(seed: 18)
        var sessions: [String: Int] = [:], sizesSeen = Set<Size>()
        for i in 0..<Self.sessionCount {
            let target = targets[i % targets.count]
            let size: Size
            switch target {
            case .lesson(let lesson):
                var progress = LessonProgress()
                progress.step = Int.random(in: 0..<lesson.steps.count, using: &r)
                var app = LessonApp(lesson: lesson, progress: progress)
                size = play(&app, &r, session: i, target)
            case .menu:
                var app = LessonApp(menu: lessons.map { .init(lesson: $0, progress: nil) })
                size = play(&app, &r, session: i, target)
            case .demo(let lesson):
                var demo = DemoLesson(lesson: lesson, stepsPerSecond: 64, auto: r.next() % 2 == 0)
                size = play(&demo, &r, session: i, target)
            case .op(let op):
                let spec = try Self.spec(op, &r)
                if op == .convTranspose && r.next() % 2 == 0 {
                    var views = try TransposedViews(spec: spec)
                    size = play(&views, &r, session: i, target)
                } else {
                    var stepper = try StepperState(spec: spec)
                    size = play(&stepper, &r, session: i, target)
                }
            }
            sessions[target.description, default: 0] += 1
            sizesSeen.insert(size)
        }
        // Every lesson and op was played, many times each.
        #expect(sessions.count == lessons.count + Op.allCases.count + 3)
        #expect(sessions.values.allSatisfy { $0 >= 20 }, "\(sessions)")
        #expect(sizesSeen.isSuperset(of: [Size(width: 60, height: 16), Size(width: 80, height: 24), Size(width: 0, height: 0)]))
    }

    /// Plays one session; returns the size it started at. A quit ends it, as it ends the program.
    func play<P: Program>(_ program: inout P, _ r: inout SplitMix64, session: Int, _ target: Target) -> Size {
        let start = Self.sizes.randomElement(using: &r)!
        var size = start
        _ = program.update(.resize(size))
        for n in 0..<Self.eventsPerSession {
            let event: Event
            // Quitting ends a session, so Esc and q are rare.
            switch r.next() % 500 {
            case 0..<40: event = .resize(Self.sizes.randomElement(using: &r)!)
            case 40..<60: event = .click(x: Int(r.next() % UInt64(size.width + 3)), y: Int(r.next() % UInt64(size.height + 3)))
            case 60..<200: event = Self.keys.randomElement(using: &r)!
            case 200..<250: event = .tick
            case 250: event = .escape
            case 251: event = .char("q")
            default: event = .char(Self.characters.randomElement(using: &r)!)
            }
            if case .resize(let s) = event { size = s }
            let effect = program.update(event)
            let frame = program.view(size)
            guard frame.size == size else {
                Issue.record("session \(session) (\(target)), event \(n) \(event): a \(frame.size) frame for a \(size) screen")
                return start
            }
            if effect == .quit { break }
        }
        return start
    }

    /// A random valid layer of `op`: small tensors, any stride, padding, dilation, groups, flip,
    /// ReLU and bias the op accepts.
    static func spec(_ op: Op, _ r: inout SplitMix64) throws -> LayerSpec {
        func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &r) }
        func tensor(_ shape: [Int]) throws -> Tensor {
            try Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Double(int(-9...9)) / Double(int(1...3)) })
        }
        for _ in 0..<1_000 {
            let groups = op == .conv2d || op == .convTranspose ? int(1...2) : 1
            let c = groups * int(1...2), h = int(1...7), w = int(1...9), f = groups * int(1...2)
            let (kh, kw) = op == .pointwise ? (1, 1) : (int(1...3), int(1...3))
            let kernel: [Int] = switch op {
            case .conv2d: [f, c / groups, kh, kw]
            case .depthwise: [c, kh, kw]
            case .pointwise: [f, c]
            case .dense: [f, c * h * w]
            case .im2col: [c, kh, kw]
            case .convTranspose: [c, f / groups, kh, kw]
            case .maxPool, .avgPool: [0]
            }
            var options = ConvOptions(stride: Pair(int(1...3), int(1...3)), dilation: Pair(int(1...2), int(1...3)), groups: groups,
                                      flip: r.next() % 2 == 0, relu: r.next() % 2 == 0)
            options.padding = [Padding.valid, .same, .full, .explicit(Pair(int(0...2), int(0...2)))].randomElement(using: &r)!
            if options.padding == .same { options.stride = .one }
            if op == .dense { options = ConvOptions(relu: options.relu) }
            if op == .convTranspose {
                options.flip = false
                options.padding = .explicit(Pair(int(0...1), int(0...1)))
            }
            if op.isPool {
                // A pool: its size, stride, padding up to half of it, ceil mode; dilation for max only.
                let size = Pair(int(1...3), int(1...3))
                options = ConvOptions(stride: Pair(int(1...3), int(1...3)), padding: .explicit(Pair(int(0...size.h / 2), int(0...size.w / 2))),
                                      dilation: op == .maxPool ? Pair(int(1...2), int(1...2)) : .one, poolSize: size, ceilMode: r.next() % 2 == 0)
            }
            let outs = op.isPool ? 0 : op == .depthwise ? c : op == .im2col ? 0 : f
            let bias = outs > 0 && r.next() % 2 == 0 ? try tensor([outs]) : nil
            let spec = LayerSpec(op: op, input: try tensor([c, h, w]), kernel: op.isPool ? LayerSpec.noKernel : try tensor(kernel), bias: bias, options: options)
            if (try? spec.layer()) != nil || (op == .im2col && (try? Im2col(input: spec.input, kernel: spec.kernel, options: options)) != nil) {
                return spec
            }
        }
        throw ConvError("no valid \(op.rawValue) layer in 1,000 draws")
    }
}
