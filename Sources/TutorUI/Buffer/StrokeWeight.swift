extension Style {
    /// Whether a cell is drawn bold or dim: one rule for the terminal and for recordings.
    /// `highlighted`: dark text on a bright background chosen by the palette.
    public func weight(projector: Bool, highlighted: Bool) -> (bold: Bool, dim: Bool) {
        // The projector theme promises every text bold — title bars, status lines and terms
        // not yet reached included — since thin or dim strokes vanish on a washed-out screen.
        if projector { return (true, false) }
        // Bold black turns grey on terminals that brighten bold text, so highlights skip it.
        return (attributes.contains(.bold) && !highlighted, attributes.contains(.dim) || color == .dim)
    }
}
