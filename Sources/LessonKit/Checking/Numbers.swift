import ConvKit
import Foundation

/// Reading numbers the way people type them: `4`, `-0.5`, `1e-3`, `1/9`, a Unicode minus.
public enum Numbers {
    public static func parse(_ text: String) -> Double? {
        var t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{2212}", with: "-")
        // Thousands separators, as in 18,432 (only in groups of three, so 1,5 is not 15).
        if t.contains(","), t.range(of: #"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"#, options: .regularExpression) != nil {
            t = t.replacingOccurrences(of: ",", with: "")
        }
        // Infinity as the screens write it (a max pool's window wholly in the padding is −∞).
        switch t.lowercased() {
        case "-inf", "-∞", "-infinity": return -.infinity
        case "inf", "∞", "infinity", "+inf", "+∞": return .infinity
        default: break
        }
        let parts = t.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return decimal(parts[0])
        case 2:
            guard let a = decimal(parts[0]), let b = decimal(parts[1]), b != 0 else { return nil }
            let v = a / b
            return v.isFinite ? v : nil
        default: return nil
        }
    }

    /// Only plain decimals: Double("nan"), "1e999" and hex floats are not answers anyone means.
    private static func decimal(_ s: Substring) -> Double? {
        let s = s.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              s.contains(where: \.isNumber), let v = Double(s), v.isFinite else { return nil }
        return v
    }

    /// How an expected number is shown: exact when short, otherwise rounded to 4 decimals.
    public static func text(_ v: Double) -> String {
        let exact = NumberFormat.exact(v)
        return exact.count <= 8 ? exact : NumberFormat.short(v, digits: 4)
    }
}
