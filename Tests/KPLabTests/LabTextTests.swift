import Foundation
import KPLab
import XCTest

/// `lab status` as text, rendered by the library the CLI prints from.
final class LabTextTests: XCTestCase {
    func testStatusNamesWhatRunsAndWhereToCapture() throws {
        let json = """
            {"lab": "small", "spec": "Datasets/labs/small.json", "started_at": "2026-12-04T18:00:00Z", "complete": false,
             "namespaces": 9, "namespaces_present": 8, "processes": 12, "processes_running": 11, "truth": "/tmp/t.json",
             "breach": null, "capture_points": [{"netns": "kp-small-core", "interface": "to-dc", "description": "the core link"}]}
            """
        let status = try JSONDecoder().decode(Lab.Status.self, from: Data(json.utf8))
        XCTAssertEqual(LabText.status(status), """
            lab small (Datasets/labs/small.json), up since 2026-12-04T18:00:00Z (incomplete)
            namespaces 8/9, processes running 11/12
            truth: /tmp/t.json
            capture point: --netns kp-small-core -i to-dc  (the core link)

            """)
    }
}
