import KPAirgap
import KPCapture
import KPModel
import KPPipeline
import XCTest

/// Every library error the CLI maps carries its exit code; each target's errors stay a type of their own.
final class ErrorTests: XCTestCase {
    func testErrorsCarryTheirExitCodeAndStayApart() {
        let capture: Error = CaptureError("-i x: capturing needs CAP_NET_RAW", exitCode: 3)
        XCTAssertEqual((capture as? UserFacingError)?.exitCode, 3)
        XCTAssertEqual((capture as? UserFacingError)?.description, "-i x: capturing needs CAP_NET_RAW")
        XCTAssertNil(capture as? AirgapError, "a capture error is not caught as an air-gap error")
        let airgap: Error = AirgapError("--inside: give at least one prefix")
        XCTAssertEqual((airgap as? UserFacingError)?.exitCode, 2, "bad input by default")
        XCTAssertNil(airgap as? CaptureError)
    }

    /// A missing interface fails when the live session opens, before any capture: exit 3, naming it.
    func testLiveSessionOnAMissingInterfaceIsAnEnvironmentError() {
        XCTAssertThrowsError(try LiveSession(interface: "kpnosuch0", netns: nil, snaplen: 65535, filter: nil, write: nil)) {
            let e = $0 as? CaptureError
            XCTAssertEqual(e?.exitCode, 3)
            XCTAssertTrue(e?.message.hasPrefix("-i kpnosuch0: no such interface in this machine's network namespace") == true, "\($0)")
        }
    }
}
