/// Classic image kernels by name, for `--kernel sobel-x` and lessons about pictures.
public enum KernelPresets {
    public struct Preset: Sendable {
        public let name: String
        public let summary: String
        public let kernel: Tensor
    }

    public static let all: [Preset] = [
        preset("identity", "copies the input: a 1 in the centre", "0 0 0; 0 1 0; 0 0 0"),
        preset("box3", "3×3 average (blur): every weight 1/9", "1/9 1/9 1/9; 1/9 1/9 1/9; 1/9 1/9 1/9"),
        preset("gaussian3", "3×3 Gaussian blur: the centre counts most", "1/16 2/16 1/16; 2/16 4/16 2/16; 1/16 2/16 1/16"),
        preset("sharpen", "boosts the centre against its neighbours", "0 -1 0; -1 5 -1; 0 -1 0"),
        preset("laplacian", "second difference: edges in every direction", "0 1 0; 1 -4 1; 0 1 0"),
        preset("sobel-x", "horizontal change: responds to vertical edges", "-1 0 1; -2 0 2; -1 0 1"),
        preset("sobel-y", "vertical change: responds to horizontal edges", "-1 -2 -1; 0 0 0; 1 2 1"),
        preset("emboss", "light from the top left: a relief effect", "-2 -1 0; -1 1 1; 0 1 2"),
        preset("x", "the seed example's X-shaped kernel", "1 0 1; 0 1 0; 1 0 1"),
    ]

    public static func named(_ name: String) -> Tensor? { preset(named: name)?.kernel }

    /// Names match in any case: `Sobel-X` is `sobel-x`.
    public static func preset(named name: String) -> Preset? {
        all.first { $0.name == name.lowercased() }
    }

    private static func preset(_ name: String, _ summary: String, _ grid: String) -> Preset {
        Preset(name: name, summary: summary, kernel: try! GridText.parse(grid))
    }
}
