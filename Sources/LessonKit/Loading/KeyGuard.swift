internal import CYaml

/// Yams hashes every mapping key while composing, and a key that is an alias (or a list that
/// holds one) is hashed through everything it expands to: nine nested aliases make a file of
/// twelve lines take hours ("billion laughs"). So the parser's events are read first, before
/// anything is composed: a key must be a scalar, and the tree the aliases expand to is counted
/// (an alias adds the size of its anchor), so no walk over a lesson can be exponential.
enum KeyGuard {
    /// Far more values than any lesson holds (a 100×100 grid is 10,000).
    static let maxNodes = 1_000_000

    struct Problem: Equatable {
        var place: Place
        var message: String
    }

    static let complexKey = "an alias or a list used as a key; lesson and stack files only use names as keys"
    static let tooMany = "aliases expand this file to more than \(maxNodes) values; a lesson or stack needs far fewer"

    /// The first structural problem, or nil. Syntax errors are left for Yams to report.
    static func problem(in source: String) -> Problem? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(source.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var walk = Walk()
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if let problem = walk.take(event) { return problem }
            }
        }
    }

    /// The containers open at the current event, each with the expanded size of what it holds so far.
    private struct Walk {
        struct Frame {
            var isMapping: Bool
            var anchor: String?
            var size = 1
            var children = 0
        }
        var frames: [Frame] = []
        var sizes: [String: Int] = [:]

        mutating func take(_ e: yaml_event_t) -> Problem? {
            let place = Place(line: Int(e.start_mark.line) + 1, column: Int(e.start_mark.column) + 1)
            switch e.type {
            case YAML_SCALAR_EVENT:
                return finish(size: 1, anchor: name(e.data.scalar.anchor), at: place)
            case YAML_ALIAS_EVENT:
                if inKeyPosition { return Problem(place: place, message: KeyGuard.complexKey) }
                return finish(size: name(e.data.alias.anchor).flatMap { sizes[$0] } ?? 1, anchor: nil, at: place)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                if inKeyPosition { return Problem(place: place, message: KeyGuard.complexKey) }
                let mapping = e.type == YAML_MAPPING_START_EVENT
                frames.append(Frame(isMapping: mapping, anchor: name(mapping ? e.data.mapping_start.anchor : e.data.sequence_start.anchor)))
                return nil
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let done = frames.popLast() else { return nil }
                return finish(size: done.size, anchor: done.anchor, at: place)
            default:
                return nil
            }
        }

        /// A mapping's children alternate key, value: an even count means a key comes next.
        private var inKeyPosition: Bool {
            guard let top = frames.last else { return false }
            return top.isMapping && top.children % 2 == 0
        }

        private mutating func finish(size: Int, anchor: String?, at place: Place) -> Problem? {
            if let anchor { sizes[anchor] = size }
            guard !frames.isEmpty else { return nil }
            frames[frames.count - 1].children += 1
            frames[frames.count - 1].size += size
            // Every container's size is counted in its parent's, so the cap holds for the whole tree.
            return frames[frames.count - 1].size > KeyGuard.maxNodes ? Problem(place: place, message: KeyGuard.tooMany) : nil
        }

        private func name(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            p.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
    }
}
