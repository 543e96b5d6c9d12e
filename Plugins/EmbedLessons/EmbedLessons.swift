import Foundation
import PackagePlugin

/// Embeds every file in the folder of the target it is applied to (Lessons/) as generated Swift,
/// so a copied `convtutor` binary carries its lessons, data files and pictures. Each file is an
/// input of the build command, so editing one regenerates the source; adding or removing one
/// changes the target's folder, which makes SwiftPM plan the build again and rerun this plugin.
@main
struct EmbedLessons: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        // The target's folder (`directoryURL` needs tools version 6.1).
        let root = context.package.directoryURL.appendingPathComponent("Lessons")
        let files = try Self.files(under: root)
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedLessonFiles.swift")
        return [.buildCommand(
            displayName: "Embedding \(files.count) files from Lessons/",
            executable: try context.tool(named: "embed-files").url,
            arguments: [root.path, output.path] + files.map(\.path),
            inputFiles: files,
            outputFiles: [output])]
    }

    /// Regular files below `root`, sorted; hidden ones (editor swap files, .DS_Store) and the
    /// target's own Swift source are left out.
    static func files(under root: URL) throws -> [URL] {
        guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else { return [] }
        var found: [URL] = []
        for case let url as URL in walk where url.pathExtension != "swift" {
            if try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }
}
