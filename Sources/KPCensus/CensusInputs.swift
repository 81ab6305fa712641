import KPCapture

extension Census {
    /// Notes that the capture file of `reader` ended as `end`; returns what the user
    /// is told about it: a warning (a cut file), an error (a corrupt one), or nil.
    public func endInput(_ reader: CaptureFileReader, end: ReadEnd) -> (line: String, isError: Bool)? {
        addInput(path: reader.path, format: reader.format, linkType: reader.linkType, packets: reader.packetsRead, end: end)
        guard let w = inputFiles.last?.warning else { return nil }
        if case .corrupt = end { return ("\(reader.path): \(w)", true) }
        return ("\(reader.path): \(w)", false)
    }
}
