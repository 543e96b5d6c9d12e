import ArgumentParser
import ConvKit
import Foundation
import LessonKit
import TerminalBackend
import TutorUI

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play a lesson or the stepper for a room: autoplay, projector theme, zoom, recording.",
        discussion: HelpText.discussion([
            "With a lesson, text and questions wait for space (a question then shows its answer) and steppers play by themselves. Without one, the stepper plays the layer given by the usual options. --auto advances on timers and loops, for an unattended screen; --speed shortens its pauses on text in proportion.",
            "Keys: space next or pause, ←/→ step, Backspace back, +/- zoom, </> pace, q quit.",
            "With --stack FILE the stack's last layer (or --layer N) plays under a line naming every layer; u or Tab follows the current output back to the input pixels it depends on (path counts, rf, jump and start, as in step --stack), and u or Tab again plays on; 1 to 9 step that layer. With --auto each run ends on the field of its last output, held for a few seconds, then starts over.",
        ], examples: [
            "demo 1 --theme projector",
            "demo --input digit-7-32 --kernel sobel-x --speed 16 --auto",
            "demo --stack Examples/two-3x3.yaml --theme projector --auto",
            "demo --kernel \"1 2 0; 0 1 0; -1 0 3\" --flip --cell-width 4 --record class.cast",
        ]))

    @Argument(help: ArgumentHelp("A lesson id, number or file; without it, the stepper.", valueName: "lesson"))
    var lesson: String?
    @OptionGroup var layer: LayerOptions
    @OptionGroup var stack: SteppedStackOptions
    @Option(parsing: .unconditional, help: "Stepper pace in products per second (0.5 to 1024).") var speed: Double = 4
    @Flag(help: "Advance on timers and start over at the end, for an unattended screen.") var auto = false
    @Flag(help: "Quit at the end instead of waiting or starting over (for recordings).") var exitAtEnd = false
    @Option(help: "standard, or projector: all text bold, highlights black on bright colours.") var theme: Theme = .standard
    @Option(help: ArgumentHelp("Minimum width of a grid cell, for legibility from the back (2 to 12).", valueName: "n"))
    var cellWidth: Int = 2
    @Flag(help: "Use no colours, only bold/reverse/underline (also when NO_COLOR is set).") var noColor = false
    @Option(help: ArgumentHelp("Record the demo as an asciicast v2 file.", valueName: "file.cast")) var record: String?

    func validate() throws {
        try stack.validate(layer)
        try layer.validateLayer()
        if lesson != nil, layer.input != nil || layer.kernel != nil || layer.bias != nil {
            throw ValidationError("--input, --kernel and --bias are for the stepper demo; a lesson brings its own layers")
        }
        if lesson != nil, stack.file.stack != nil { throw ValidationError("--stack is for the stepper demo; a lesson brings its own stacks") }
        guard (0.5...1024).contains(speed) else { throw ValidationError("--speed must be between 0.5 and 1024 products per second") }
        guard (2...12).contains(cellWidth) else { throw ValidationError("--cell-width must be between 2 and 12") }
    }

    func run() throws {
        var reason = ExitReason.quit
        try reportingDiagnostics {
            if let lesson {
                let (found, _) = try LessonCommand.find(lesson)
                var program = DemoLesson(lesson: found, stepsPerSecond: speed, auto: auto, exitAtEnd: exitAtEnd, cellWidth: cellWidth)
                reason = try Self.show(&program, noColor: noColor, theme: theme, record: record,
                                       instead: "for the lesson line by line use 'convtutor lesson \(found.id) --plain'")
            } else if let views = try stack.views(autoplay: true) {
                var program = DemoStack(views, stepsPerSecond: speed, auto: auto, exitAtEnd: exitAtEnd, cellWidth: cellWidth)
                reason = try Self.show(&program, noColor: noColor, theme: theme, record: record,
                                       instead: "for a plain listing use 'convtutor compute --stack FILE --all' and 'convtutor receptive-field --stack FILE'")
            } else {
                var stepper = try StepperState(spec: try layer.spec())
                stepper.zoom = cellWidth
                var program = DemoStepper(stepper, stepsPerSecond: speed, auto: auto, exitAtEnd: exitAtEnd)
                reason = try Self.show(&program, noColor: noColor, theme: theme, record: record,
                                       instead: "for a plain listing of every step use 'convtutor trace'")
            }
        }
        if case .signal(let n) = reason { throw ExitCode(128 + n) }
    }

    static func show<P: Program>(_ program: inout P, noColor: Bool, theme: Theme, record: String?, instead: String) throws -> ExitReason {
        do {
            return try runFullScreen(&program, colors: noColor ? .none : .auto, theme: theme, recordTo: record)
        } catch let e as TerminalError where e.wantsLines {
            throw fullScreenRefusal("demo", e, instead: instead)
        } catch let e as TerminalError {
            throw ConvError(e.description)
        }
    }
}

extension Theme: ExpressibleByArgument {}
