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
    ],
    targets: [
        // Engine: tensors, ops, lazy trace, text/npy codecs. Pure: no terminal, no files.
        .target(name: "ConvKit"),
        // Pure UI: reducer, view model and cell-buffer renderer. Golden-testable, no ncurses.
        .target(name: "TutorUI", dependencies: ["ConvKit"]),
        // The only module that talks to ncurses.
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "TerminalBackend", dependencies: ["CNcurses", "TutorUI"]),
        .executableTarget(
            name: "convtutor",
            dependencies: [
                "ConvKit", "TutorUI", "TerminalBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ConvKitTests", dependencies: ["ConvKit"], exclude: ["Fixtures"]),
        .testTarget(name: "TutorUITests", dependencies: ["TutorUI", "ConvKit"], exclude: ["Golden"]),
        .testTarget(name: "CLITests", dependencies: ["ConvKit", "convtutor"]),
    ],
    swiftLanguageModes: [.v6]
)
