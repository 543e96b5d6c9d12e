import ConvKit
import LessonKit

/// The lessons full-screen: a menu of lessons (done / in progress marks) and the lesson being
/// taken. The caller saves `progress` whenever `revision` changes, which is after every answer.
public struct LessonApp: Sendable {
    public struct Entry: Sendable {
        public let lesson: Lesson
        public var progress: LessonProgress?
        public init(lesson: Lesson, progress: LessonProgress?) {
            self.lesson = lesson
            self.progress = progress
        }
    }

    public private(set) var entries: [Entry]
    /// Lesson files that did not load, listed after the lessons with their first problem;
    /// they cannot be opened, and nothing else depends on them.
    public var broken: [Diagnostic] = []
    /// Rows of the menu: the lessons, then the broken files.
    var menuCount: Int { entries.count + broken.count }
    public var cursor = 0
    /// Digits typed in the menu so far: "1" then "4" jumps to lesson 14.
    var typedNumber = ""
    public private(set) var screen: LessonScreen?
    /// Demo pace and zoom for the steppers of the open lesson (see LessonScreen.tuning).
    public var tuning: (stepsPerSecond: Double, cellWidth: Int)? {
        didSet { screen?.tuning = tuning }
    }
    /// Played for a room (only demos set a pace): answers are revealed, never typed.
    var isDemo: Bool { tuning != nil }
    /// An unattended demo turns text pages on a timer (space pauses it instead).
    var turnsPagesItself = false
    public var showHelp = false
    public var size = Size(width: 80, height: 24)
    /// One line for the menu, e.g. lessons that failed to load.
    public var notice: String?
    /// Why progress is not being saved, after a save failed (cleared by one that works).
    public private(set) var saveProblem: String?
    /// A lesson reset elsewhere while open here: said once on its screen.
    private(set) var restartNote: String?
    let hasMenu: Bool
    /// Bumped whenever a lesson's progress changes; `changed` holds that lesson's progress.
    public private(set) var revision = 0
    public private(set) var changed: (id: String, progress: LessonProgress)?

    public static let minimum = Size(width: 60, height: 16)

    /// The menu, starting on the first lesson not done yet.
    public init(menu entries: [Entry]) {
        self.entries = entries
        hasMenu = true
        cursor = nextUnfinished(from: 0) ?? 0
    }

    /// The first lesson not done at or after `start`, wrapping round; nil when all are done.
    func nextUnfinished(from start: Int) -> Int? {
        guard !entries.isEmpty else { return nil }
        return (0..<entries.count).map { (start + $0) % entries.count }.first { entries[$0].progress?.done != true }
    }

    /// One lesson, with no menu: leaving it quits.
    public init(lesson: Lesson, progress: LessonProgress?) {
        entries = [Entry(lesson: lesson, progress: progress)]
        hasMenu = false
        screen = LessonScreen(lesson: lesson, progress: progress)
        screen?.tuning = tuning
    }
}

extension LessonApp: Program {
    public var tickInterval: Double? {
        guard !showHelp, let s = screen?.stepper, s.autoplay else { return nil }
        return s.tickInterval
    }

    public mutating func update(_ event: Event) -> Effect {
        if case .resize(let s) = event {
            size = s
            return .none
        }
        if event == .interrupt { return .quit }
        if showHelp {
            showHelp = false
            return .none
        }
        if event == .char("?") && screen?.stepper?.edit == nil {
            showHelp = true
            return .none
        }
        guard var s = screen else { return updateMenu(event) }
        let layout = LessonLayout(s, size, warning: warning)
        if layout.ignores(event) { return .none }
        let before = s.progress
        let stepBefore = s.session.index
        let outcome = s.update(event, layout: layout)
        if s.session.index != stepBefore { restartNote = nil }
        screen = s
        if s.progress != before {
            revision += 1
            changed = (s.session.lesson.id, s.progress)
        }
        entries[entries.firstIndex { $0.lesson.id == s.session.lesson.id } ?? 0].progress = s.progress
        guard outcome == .leave else { return .none }
        guard hasMenu else { return .quit }
        screen = nil
        // Back from a finished lesson, the cursor waits on the next one to take.
        if let i = entries.firstIndex(where: { $0.lesson.id == s.session.lesson.id }), entries[i].progress?.done == true {
            cursor = nextUnfinished(from: i + 1) ?? i
        }
        return .none
    }

    /// The words on the text page shown: an unattended demo stays as long as that page needs.
    var shownTextWords: Int? {
        guard let s = screen, s.text != nil else { return nil }
        let layout = LessonLayout(s, size, warning: warning)
        let (lines, pages) = s.textPages(width: layout.textWidth, rows: layout.textRows)
        return lines[pages[min(s.page, pages.count - 1)]].reduce(0) { $0 + $1.map(\.text).joined().split(separator: " ").count }
    }

    /// What became of the last save: the caller reports it after writing `changed`.
    public mutating func saved(_ outcome: ProgressKeeper.Outcome, lesson id: String) {
        switch outcome {
        case .saved:
            saveProblem = nil
        case .failed(let why):
            saveProblem = why
        case .restarted(let fresh):
            saveProblem = nil
            if let i = entries.firstIndex(where: { $0.lesson.id == id }) { entries[i].progress = fresh }
            if var s = screen, s.session.lesson.id == id {
                s.adopt(fresh)
                screen = s
                restartNote = "This lesson was reset in another window: its record starts again from here."
            }
        }
    }

    /// The one-line warning on lesson screens while progress is not being saved.
    var warning: String? {
        if let saveProblem { return "⚠ progress not saved: \(saveProblem)" }
        return restartNote
    }

    private mutating func updateMenu(_ event: Event) -> Effect {
        if case .char(let c) = event, let digit = c.wholeNumberValue, menuCount > 0 {
            // A number typed digit by digit: a digit that would point past the list starts anew.
            let longer = typedNumber + String(digit)
            typedNumber = Int(longer).map { (1...menuCount).contains($0) } == true ? longer : String(digit)
            if let n = Int(typedNumber), (1...menuCount).contains(n) { cursor = n - 1 }
            return .none
        }
        typedNumber = ""
        switch event {
        case .up, .char("k"): cursor = max(0, cursor - 1)
        case .down, .char("j"): cursor = max(0, min(menuCount - 1, cursor + 1))
        case .home, .char("g"): cursor = 0
        case .end, .char("G"): cursor = max(0, menuCount - 1)
        case .enter, .right, .char("l"), .char(" "):
            guard entries.indices.contains(cursor) else { return .none }
            let e = entries[cursor]
            screen = LessonScreen(lesson: e.lesson, progress: e.progress)
            screen?.tuning = tuning
            restartNote = nil
        case .char("q"), .escape: return .quit
        case .click(_, let y):
            let (first, rows) = menuRows(size)
            let row = y - LessonLayout.menuTop
            if (0..<rows).contains(row), first + row < menuCount { cursor = first + row }
        default: break
        }
        return .none
    }
}
