import Foundation
import XCTest

extension XCTestCase {
    /// A new empty directory `<tmp>/<prefix>-<uuid>`, removed when the test ends
    /// (also when it fails). Call it from the test or from `setUpWithError`.
    public func makeTemporaryDirectory(_ prefix: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }
}
