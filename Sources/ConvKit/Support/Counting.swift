extension Int {
    /// "1 channel", "3 channels": counts in messages read as plain English, not "channel(s)".
    public func counting(_ noun: String, plural: String? = nil) -> String { "\(self) \(self.noun(noun, plural: plural))" }

    /// The noun alone, for tables that align the number separately.
    public func noun(_ noun: String, plural: String? = nil) -> String { self == 1 ? noun : plural ?? noun + "s" }
}
