/// A line of a `?` help box and the keys it names. Help boxes are built from these, so a test
/// can press every key a box lists and see it do something in that view.
struct KeyHelp: Sendable {
    let text: String
    let keys: [Event]

    init(_ text: String, _ keys: Event...) {
        self.text = text
        self.keys = keys
    }

    /// Two halves on one line when both are there, whichever is there otherwise.
    static func pair(_ a: KeyHelp?, _ b: KeyHelp?, column: Int) -> KeyHelp? {
        guard let a, let b else { return a ?? b }
        return KeyHelp(a.text.padding(to: column) + b.text, keys: a.keys + b.keys)
    }

    private init(_ text: String, keys: [Event]) {
        self.text = text
        self.keys = keys
    }
}
