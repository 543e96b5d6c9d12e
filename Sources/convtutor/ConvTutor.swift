import ArgumentParser

@main
struct ConvTutor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convtutor",
        abstract: "See what a convolutional layer computes, one multiply-add at a time.",
        discussion: """
            With no command, the lesson menu opens. Every SPEC is a file (text grid or .npy) or an \
            inline grid such as "1 0 1; 0 1 0; 1 0 1": rows end with ';', channels with '|', \
            filters with '||'. Without --input and --kernel, the 5×5 example and X-shaped 3×3 \
            kernel of the "dot product or element-wise?" question are used.
            """,
        version: Version.number,
        subcommands: [Step.self, Compute.self, Trace.self, ReceptiveFieldCommand.self, Kernels.self, Demo.self, Menu.self, Lessons.self, LessonCommand.self, Check.self, ProgressCommand.self],
        defaultSubcommand: Menu.self
    )
}
