// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "convtutor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "convtutor", targets: ["convtutor"]),
        .library(name: "ConvKit", targets: ["ConvKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Engine: tensors, ops, lazy trace, text/npy codecs. Pure: no terminal, no files.
        .target(name: "ConvKit", dependencies: ["CConvSIMD"]),
        // Wide-vector kernels for ConvKit's compute(), chosen at run time (AVX-512, AVX2, none).
        .target(name: "CConvSIMD"),
        // Files a user owns: bounded reads and writes that never clobber what a path points at.
        .target(name: "SafeFiles"),
        // Lessons: model, YAML loading with line:col errors, checking against ConvKit, sessions, progress.
        .target(name: "LessonKit", dependencies: ["ConvKit", "SafeFiles", .product(name: "Yams", package: "Yams")]),
        // The bundled lessons: every file of Lessons/ becomes generated Swift (Plugins/EmbedLessons),
        // so a copied binary carries them. Lessons/ is this target's folder so that adding or
        // removing a file there re-plans the build, which reruns the plugin.
        .target(name: "EmbeddedLessons", path: "Lessons", plugins: ["EmbedLessons"]),
        .plugin(name: "EmbedLessons", capability: .buildTool(), dependencies: ["embed-files"]),
        .executableTarget(name: "embed-files"),
        // Pure UI: reducer, view model and cell-buffer renderer. Golden-testable, no ncurses.
        .target(name: "TutorUI", dependencies: ["ConvKit", "LessonKit"]),
        // The only module that talks to ncurses.
        // No pkgConfig: its -D flags are refused by SwiftPM (the shim sets them) and only add warnings.
        .systemLibrary(name: "CNcurses"),
        .target(name: "TerminalBackend", dependencies: ["CNcurses", "TutorUI", "SafeFiles"]),
        .executableTarget(
            name: "convtutor",
            dependencies: [
                "ConvKit", "LessonKit", "EmbeddedLessons", "TutorUI", "TerminalBackend", "SafeFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks: `swift run -c release convtutor-bench --json`.
        .executableTarget(name: "convtutor-bench", dependencies: ["ConvKit", "LessonKit", "TutorUI"]),
        .testTarget(name: "ConvKitTests", dependencies: ["ConvKit"], exclude: ["Fixtures"]),
        .testTarget(name: "TutorUITests", dependencies: ["TutorUI", "ConvKit", "LessonKit"], exclude: ["Golden"]),
        .testTarget(name: "LessonKitTests", dependencies: ["LessonKit", "ConvKit", "EmbeddedLessons"], exclude: ["Fixtures"]),
        .testTarget(name: "SafeFilesTests", dependencies: ["SafeFiles"]),
        .testTarget(name: "CLITests", dependencies: ["ConvKit", "convtutor"]),
    ],
    swiftLanguageModes: [.v6]
)
