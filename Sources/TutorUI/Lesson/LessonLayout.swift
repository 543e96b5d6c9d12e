import ConvKit

/// Where the parts of a lesson screen go at one size: the embedded stepper on top (for stepper
/// and predict steps), the lesson panel under it. Shared by the view and the reducer.
struct LessonLayout {
    static let menuTop = 2
    let size: Size
    /// Rows given to the embedded stepper (0 when there is none).
    let stepperRows: Int
    let textRows: Int
    let textWidth: Int

    init(_ s: LessonScreen, _ size: Size) {
        self.size = size
        textWidth = max(10, min(size.width - 4, 76))
        // Header, a blank, then text; the bottom keeps feedback, the input line and the keys.
        textRows = max(1, size.height - 9)
        if s.stepper != nil {
            let panel = s.session.step.map { step -> Int in
                if case .predict = step { return 6 }
                return 3
            } ?? 3
            stepperRows = max(0, size.height - panel)
        } else {
            stepperRows = 0
        }
    }

    var stepperSize: Size { Size(width: size.width, height: stepperRows) }

    /// Clicks only mean something on the stepper (its rows start at the top of the screen).
    func ignores(_ event: Event) -> Bool {
        if case .click(_, let y) = event { return y >= stepperRows }
        return false
    }
}
