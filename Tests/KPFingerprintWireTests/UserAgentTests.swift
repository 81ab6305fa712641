import KPWire
import XCTest

/// The token table of UserAgentInfo over User-Agents as real clients send them.
final class UserAgentTests: XCTestCase {
    func check(_ ua: String, _ device: UserAgentInfo.DeviceClass, _ os: UserAgentInfo.OSFamily, _ version: String?,
               file: StaticString = #filePath, line: UInt = #line) {
        let info = UserAgentInfo(userAgent: ua)
        XCTAssertEqual(info.device, device, ua, file: file, line: line)
        XCTAssertEqual(info.os, os, ua, file: file, line: line)
        XCTAssertEqual(info.osVersion, version, ua, file: file, line: line)
    }

    func testPhonesAndTablets() {
        check("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
              .phone, .android, "14")
        check("Mozilla/5.0 (Linux; Android 8.1.0; Samjiyon) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/61.0 Safari/537.36",
              .tablet, .android, "8.1.0")
        check("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
              .phone, .iOS, "17.4")
        check("Mozilla/5.0 (iPad; CPU OS 16_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
              .tablet, .iOS, "16.6.1")
    }

    func testComputers() {
        check("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
              .pc, .windows, "10.0")
        check("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
              .pc, .macOS, "10.15.7")
        check("Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0", .pc, .linux, nil)
        check("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
              .pc, .chromeOS, "14541.0.0")
    }

    func testTVsConsolesAndBots() {
        check("Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 TV Safari/537.36",
              .tv, .linux, nil)
        check("Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7233) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0 Safari/537.36",
              .tv, .android, "9")
        check("Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0 Edge/18.19041",
              .console, .windows, "10.0")
        check("Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)", .console, .other, nil)
        check("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", .bot, .other, nil)
        check("curl/7.88.1", .bot, .other, nil)
        check("Wget/1.21.3", .bot, .other, nil)
    }

    /// What the table does not know stays "other"; a brand containing "bot" is not one.
    func testUnknownAndLookalikes() {
        check("KoryoBrowser/3.0 (Red Star OS 3.0; Naenara)", .other, .other, nil)
        check("", .other, .other, nil)
        check("Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 Chrome/90.0 Mobile Safari/537.36", .phone, .android, "10")
        check("Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) Mobile Safari/537.36 Edge/15.14977",
              .phone, .windows, "10.0")
    }
}
