extension Int {
    /// "1 channel", "3 channels": counts in messages read as plain English, not "channel(s)".
    public func counting(_ noun: String) -> String { "\(self) \(noun)\(self == 1 ? "" : "s")" }
}
