import Foundation
@testable import KPCapture
import XCTest

/// SIGBUS deliveries the test's own handler saw (a C handler cannot capture).
nonisolated(unsafe) private var busSignalsSeen = 0

/// The fault guard is installed by the program only, and hands a SIGBUS outside the
/// mappings it watches to the handler that was there before it.
final class MappingFaultGuardTests: XCTestCase {
    /// The handler a program had before the guard: counts SIGBUS.
    func countingAction() -> sigaction {
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { _, _, _ in busSignalsSeen += 1 }
        action.sa_flags = SA_SIGINFO
        sigemptyset(&action.sa_mask)
        return action
    }

    func currentAction() -> sigaction {
        var now = sigaction()
        sigaction(SIGBUS, nil, &now)
        return now
    }

    func testSignalOutsideTheMappingsGoesToThePreviousHandler() {
        var mine = countingAction()
        if MappingFaultGuard.isInstalled {
            // Another test installed it first: the previous action is replaced by the test's.
            MappingFaultGuard.previous.pointee = mine
        } else {
            sigaction(SIGBUS, &mine, nil)
            MappingFaultGuard.install()
        }
        defer { MappingFaultGuard.previous.pointee = sigaction() }
        XCTAssertTrue(MappingFaultGuard.isInstalled)
        let installed = currentAction()
        XCTAssertNotEqual(unsafeBitCast(installed.__sigaction_handler.sa_sigaction, to: Int.self),
                          unsafeBitCast(mine.__sigaction_handler.sa_sigaction, to: Int.self),
                          "the guard's handler is the one in place")
        let before = busSignalsSeen
        // A SIGBUS sent with kill carries no address in a watched mapping: the guard chains.
        raise(SIGBUS)
        XCTAssertEqual(busSignalsSeen, before + 1, "the previous handler ran once")
        raise(SIGBUS)
        XCTAssertEqual(busSignalsSeen, before + 2, "and again: the guard stays in place")
    }

    func testPreviousIgnoreIsHonoured() {
        MappingFaultGuard.install()
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        MappingFaultGuard.previous.pointee = ignore
        defer { MappingFaultGuard.previous.pointee = sigaction() }
        raise(SIGBUS)  // would end the test process if the guard fell back to the default action
    }
}
