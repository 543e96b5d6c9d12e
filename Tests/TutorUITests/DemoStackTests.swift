import ConvKit
import Testing
@testable import TutorUI

/// `demo --stack`: the stepped layer plays for a room, u or Tab follows its output back, digits
/// choose the layer (a demo's < > are its pace), and an unattended loop ends each run on the
/// field of its last output before starting over.
@Suite(.timeLimit(.minutes(10))) struct DemoStackTests {
    static let size = Size(width: 80, height: 24)

    static func demo(auto: Bool = false, exitAtEnd: Bool = false) throws -> DemoStack {
        var d = DemoStack(try StackScreenTests.views([StackScreenTests.conv(), StackScreenTests.conv()]),
                          stepsPerSecond: 64, auto: auto, exitAtEnd: exitAtEnd)
        _ = d.update(.resize(size))
        return d
    }

    /// Ticks until `done` holds (at most `limit`), returning the last effect.
    @discardableResult
    func tick(_ d: inout DemoStack, limit: Int = 10_000, until done: (DemoStack) -> Bool) -> Effect {
        var effect = Effect.none
        for _ in 0..<limit where !done(d) && effect != .quit { effect = d.update(.tick) }
        return effect
    }

    @Test func anUnattendedLoopEndsOnTheLastOutputsFieldThenStartsOver() throws {
        var d = try Self.demo(auto: true)
        #expect(d.views.stepper.autoplay && !d.views.isFollowing)
        tick(&d) { $0.views.isFollowing }
        let last = d.views.stepper.trace.count - 1
        #expect(d.views.isFollowing && d.views.field?.output == d.views.stepper.trace[last].outputFlat)
        #expect(d.tickInterval == DemoStack.holdTick)
        let text = d.view(Self.size).text
        #expect(text.contains("followed back to the input") && text.contains(" DEMO  u step again"), "\(text)")
        // Held for holdSeconds, then stepping again from the first product, playing.
        let holds = Int(DemoStack.holdSeconds / DemoStack.holdTick)
        for _ in 0..<holds - 1 { _ = d.update(.tick) }
        #expect(d.views.isFollowing, "held for \(DemoStack.holdSeconds) s")
        _ = d.update(.tick)
        #expect(!d.views.isFollowing && d.views.stepper.position == 0 && d.views.stepper.autoplay)
    }

    @Test func withoutAutoTheRunStopsOnItsLastStep() throws {
        var d = try Self.demo()
        tick(&d, limit: 2_000) { !$0.views.stepper.autoplay }
        #expect(!d.views.isFollowing && d.views.stepper.position == d.views.stepper.trace.count - 1)
        #expect(d.view(Self.size).text.contains(" DEMO  space play"))
    }

    @Test func exitAtEndQuitsAfterTheLastStep() throws {
        var d = try Self.demo(auto: true, exitAtEnd: true)
        #expect(tick(&d) { _ in false } == .quit)
        #expect(!d.views.isFollowing)
    }

    /// Digits choose the layer, playing on where it was; < > set the pace, + - zoom; u or Tab
    /// follows back and returns playing.
    @Test func keysForTheRoom() throws {
        var d = try Self.demo()
        _ = d.update(.char("1"))
        #expect(d.views.layer == 1 && d.views.stepper.autoplay && d.views.stepper.demoKeys)
        #expect(d.view(Self.size).text.contains("[1 conv2d 3×3]"))
        _ = d.update(.char("9"))
        #expect(d.views.layer == 1 && d.view(Self.size).text.contains("layer 9 is not in the stack: it has layers 1 to 2"), "\(d.view(Self.size).text)")
        let pace = d.views.stepper.speedIndex
        _ = d.update(.char("<"))
        #expect(d.views.stepper.speedIndex == pace - 1 && d.views.layer == 1, "< is the pace, not the layer")
        _ = d.update(.char("+"))
        #expect(d.views.stepper.cellWidth == 3)
        _ = d.update(.char("2"))
        #expect(d.views.layer == 2 && d.views.stepper.cellWidth == 3 && d.views.stepper.speedIndex == pace - 1, "zoom and pace carry to the layer chosen")
        _ = d.update(.char("u"))
        #expect(d.views.isFollowing && !d.views.stepper.autoplay)
        _ = d.update(.tab)
        #expect(!d.views.isFollowing && d.views.stepper.autoplay, "back from the field, the demo plays on")
        _ = d.update(.char("?"))
        let help = d.view(Self.size).text
        #expect(help.contains("< >        pace") && help.contains("1 … 9      step that layer") && !help.contains("step the layer before / after"), "\(help)")
    }

    /// The demo's key line replaces the stack's; in ASCII the help box is as wide as its lines
    /// drawn (an arrow is two cells there), so none is cut.
    @Test func goldens() throws {
        var d = try Self.demo()
        for _ in 0..<5 { _ = d.update(.tick) }
        try expectGolden("demo-stack-stepping", d.view(Self.size).text)
        _ = d.update(.char("u"))
        try expectGolden("demo-stack-following", d.view(Self.size).text)
        _ = d.update(.char("?"))
        let ascii = Charset.$current.withValue(.ascii) { d.view(Self.size).text }
        #expect(ascii.contains("next / previous product (following: column) |"), "\(ascii)")
    }
}
