import ConvKit

/// A pool's words on the stepper screen: the header, the sentence under the grids, the now:
/// line, the help box, and the keys that assume a kernel, each refused with its reason.
extension StepperState {
    private var isMaxPool: Bool { pool?.reduction == .max }

    /// The header's words for a pool, longest first (see `modeTexts`).
    var poolModeTexts: [String]? {
        guard pool != nil else { return nil }
        return isMaxPool ? ["max pooling: the largest tap of each window", "max pooling", "max pool"]
            : ["average pooling: each window's mean", "average pooling", "avg pool"]
    }

    /// The sentence under the grids, longest first (the view draws the first that fits). An
    /// average whose window runs past the padding says why it divides by fewer.
    var poolNotes: [String]? {
        guard let p = pool else { return nil }
        if isMaxPool { return [" max pool: not a sum of products: no weights; the largest tap wins", " not a sum of products: no weights; the largest wins"] }
        // A prediction still to answer may ask for the divisor: it shows with the last tap.
        if hides(term: p.termsPerOutput - 1) { return [" average pool: the taps' sum ÷ how many are counted; no weights", " average pool: the taps' sum ÷ their count"] }
        let d = p.divisor(ofOutput: step.outputFlat), past = p.termsPerOutput - d
        if past > 0 {
            let taps = past == 1 ? "the tap" : "the \(past) taps"
            return [" ÷ \(d): \(taps) past the padding (\(CellText.pastMark)) \(past == 1 ? "is" : "are") not counted (ceil mode)", " ÷ \(d): \(taps) past the padding not counted"]
        }
        let padding = p.geometry.padding == .zero ? "" : "; padding reads 0 and counts"
        return [" average pool: the taps' sum ÷ \(d); no weights\(padding)", " average pool: the taps' sum ÷ \(d); no weights"]
    }

    /// The now: line, longest first: the tap, what it reads, and the running max (where it
    /// sits) or sum.
    var poolNow: [String] {
        guard let p = pool else { return [] }
        let s = step, n = { NumberFormat.onScreen($0, digits: 4) }
        let tap = "tap \(s.termIndex + 1) of \(s.termCount)"
        let source = onScreen(source: p.sourceName(s.term))
        if isMaxPool {
            let read = s.term.input == nil ? "\(source) = -∞: never wins" : "\(source) = \(n(s.x))"
            guard let w = s.argmax else { return [" now: \(tap): \(read); no winner yet", " now: \(tap): \(read)"] }
            let at = onScreen(source: p.sourceName(stepped.term(output: s.outputFlat, term: w)))
            return [" now: \(tap): \(read); running max \(n(s.sum)) at \(at)", " now: \(tap): \(read); max \(n(s.sum)) at \(at)",
                    " now: \(tap): \(read); max \(n(s.sum))", " now: \(tap): \(read)"]
        }
        let read = s.term.input != nil ? "\(source) = \(n(s.x))"
            : p.isPast(s.term) ? "\(source): not counted" : "\(source) = 0, counted"
        return [" now: \(tap): \(read); running sum \(n(s.sum))", " now: \(tap): \(read); sum \(n(s.sum))", " now: \(tap): \(read)"]
    }

    /// The help box's closing sentence for a pool (see `drawHelp`).
    var poolAbout: [String]? {
        guard pool != nil else { return nil }
        return isMaxPool ? ["", "Each output is the largest tap of its window:", "no weights, no products. Padding reads -∞:", "it never wins."]
            : ["", "Each output is its window's taps added up, then", "divided by their count: padding reads 0 and", "counts; cells past the padding do not."]
    }

    /// Why `key` does nothing on a pool, or nil.
    func poolRefusal(_ key: Character) -> String? {
        guard let p = pool else { return nil }
        return switch key {
        case "f": "a pool has no kernel to flip: it reads its window as it is"
        case "d": "no dot product here: a pool has no weights"
        case "m": "the picture map is for a conv's input; a pool shows its numbers"
        case "[" where p.geometry.channels < 2, "]" where p.geometry.channels < 2: "there is only one channel"
        default: nil
        }
    }
}
