import ConvKit
import Testing
@testable import TutorUI

/// Following back in `step --stack`: every channel of a field can be drawn (`c`), `[ ]` says
/// when there is no other output channel, and the stepper's keys say why they rest.
@Suite struct StackFollowKeysTests {
    /// A 3-channel 5×5 input, a conv of 2 filters over all 3 channels, a 2×2 max pool: the
    /// followed output reads 3×3 cells on each of the 3 input channels.
    static func threeChannels() throws -> StackViews {
        let input = try Tensor(shape: [3, 5, 5], data: (0..<75).map { Double($0 % 4) })
        let conv = LayerSpec(op: .conv2d, input: input, kernel: try Tensor(shape: [2, 3, 2, 2], data: (0..<24).map { Double($0 % 3) }))
        return try StackViews(stack: Stack(input: input, layers: [conv, StackScreenTests.pool()]))
    }

    func press(_ views: inout StackViews, _ events: [Event]) {
        for e in events { _ = views.update(e) }
    }

    @Test func everyChannelOfTheFieldCanBeDrawn() throws {
        var v = try Self.threeChannels()
        press(&v, [.resize(Size(width: 80, height: 24)), .char("u")])
        var screen = v.view(Size(width: 80, height: 24)).text
        #expect(screen.contains("input: 9 cells on each of 3 channels, 48 paths, most 4 at 3 cells"), "\(screen)")
        #expect(screen.contains("input ch 0 (1 of 3)") && screen.contains("c field ch"), "\(screen)")
        press(&v, [.char("c")])
        screen = v.view(Size(width: 80, height: 24)).text
        #expect(v.field?.levels[0].channel == 1 && v.field?.levels[0].count(1, 1) == 4)
        #expect(screen.contains("input ch 1 (2 of 3)"), "\(screen)")
        try expectGolden("stack-channels", screen)
        try expectGolden("stack-channels-60x16", v.view(Size(width: 60, height: 16)).text)
        try expectGolden("stack-channels-ascii", Charset.$current.withValue(.ascii) { v.view(Size(width: 80, height: 24)).text })
        // The channel drawn stays while the output moves; c goes round all three.
        press(&v, [.right, .char("c")])
        #expect(v.field?.output == 1 && v.field?.levels[0].channel == 2)
        press(&v, [.char("c")])
        #expect(v.field?.levels[0].channel == 0)
        press(&v, [.char("?")])
        #expect(v.view(Size(width: 80, height: 24)).text.contains("c          following: the field's next channel"))
    }

    /// Four grids at 60 columns: a grid too narrow for its title with the whole channel says
    /// `ch 0`, never a cut `ch 0 (1 of`.
    @Test func narrowGridsNameTheirChannelWhole() throws {
        let input = try Tensor(shape: [3, 5, 5], data: (0..<75).map { Double($0 % 4) })
        let conv = LayerSpec(op: .conv2d, input: input, kernel: try Tensor(shape: [2, 3, 2, 2], data: (0..<24).map { Double($0 % 3) }))
        let depthwise = LayerSpec(op: .depthwise, input: input, kernel: try Tensor(shape: [2, 2, 2], data: [1, 1, 1, 1, 1, 0, 0, 1]))
        var pool = StackScreenTests.pool()
        pool.options.stride = Pair(1, 1)
        var v = try StackViews(stack: Stack(input: input, layers: [conv, depthwise, pool]))
        press(&v, [.resize(Size(width: 60, height: 16)), .char("u")])
        let titles = v.view(Size(width: 60, height: 16)).text.split(separator: "\n")[1]
        #expect(titles.contains("input ch 0 ") && titles.filter { $0 == "(" }.count == titles.filter { $0 == ")" }.count, "\(titles)")
    }

    @Test func bracketsSayWhenThereIsNoOtherChannel() throws {
        var v = try Self.threeChannels()
        press(&v, [.resize(Size(width: 80, height: 24)), .char("u"), .char("]")])
        #expect(v.field?.output == 4)
        press(&v, [.char("]")])
        #expect(v.field?.output == 4 && v.view(Size(width: 80, height: 24)).text.contains(" channel 1 is the last of 2"))
        press(&v, [.char("["), .char("[")])
        #expect(v.field?.output == 0 && v.view(Size(width: 80, height: 24)).text.contains(" channel 0 is the first of 2"))
        var one = try StackScreenTests.views([StackScreenTests.conv(), StackScreenTests.conv()])
        press(&one, [.resize(Size(width: 80, height: 24)), .char("u"), .char("]")])
        #expect(one.view(Size(width: 80, height: 24)).text.contains(" layer 2's output has one channel"))
        press(&one, [.char("c")])
        #expect(one.view(Size(width: 80, height: 24)).text.contains(" the field lies on one channel of each level"))
    }

    /// Keys of the stepper say, while following, that they work while stepping; o e r are refused as when stepping.
    @Test func steppingKeysSayWhyTheyRest() throws {
        var v = try StackScreenTests.views([StackScreenTests.conv(), StackScreenTests.conv()])
        press(&v, [.resize(Size(width: 80, height: 24)), .char("u")])
        for (key, name) in [("f", "f"), ("d", "d"), (" ", "space"), ("+", "+"), ("-", "-")] {
            press(&v, [.char(Character(key))])
            #expect(v.isFollowing && v.view(Size(width: 80, height: 24)).text.contains(" \(name) works while stepping; u or Tab steps again"), "\(key)")
        }
        press(&v, [.char("o")])
        #expect(v.isFollowing && v.view(Size(width: 60, height: 16)).text.contains(" in a stack, layers stay as the file gives them: o is off"))
        press(&v, [.char("e")])
        #expect(v.view(Size(width: 60, height: 16)).text.hasSuffix(" e edits one layer's data; in a stack, edit the stack file"))
        // Stepping, the refusal fits 60 columns whole too.
        press(&v, [.char("u"), .char("o")])
        #expect(!v.isFollowing && v.view(Size(width: 60, height: 16)).text.contains(" in a stack, layers stay as the file gives them: o is off\n"))
        // c draws a followed field's channel: stepping, it says so rather than nothing.
        press(&v, [.char("c")])
        #expect(!v.isFollowing && v.view(Size(width: 60, height: 16)).text.contains(" c works while following: u or Tab follows this output back\n"))
    }
}
