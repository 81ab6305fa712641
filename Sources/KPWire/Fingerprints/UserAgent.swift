// The device class and OS family that a User-Agent header names (HTTP's, or SIP's
// later), by a small table of tokens: the first rule whose token appears wins, so the
// order is the documentation. Tokens are matched case-sensitively as browsers and
// libraries write them, except the bot words, which are matched in lowercase.
//
// Device class, in order:
//   bot      "bot/" "crawler" "spider" "slurp" "+http" "headless" (lowercase), or the
//            UA starts with a scripted client: curl/ Wget/ python- Go-http-client/
//            libwww-perl/ Java/ Scrapy/
//   console  PlayStation, Xbox, Nintendo
//   tv       SMART-TV SmartTV SMARTTV Web0S webOS HbbTV Tizen…TV AppleTV GoogleTV
//            "Android TV" BRAVIA CrKey Roku AFTB AFTS AFTM AFTT (Fire TV) "STB"
//   tablet   iPad, Tablet, Kindle, Silk, PlayBook
//   phone    iPhone, iPod, "Windows Phone", Android with Mobile, "Opera Mini", Mobile
//   tablet   Android without Mobile (Android's own convention)
//   pc       "Windows NT", Macintosh, CrOS, X11, Linux
//   other    anything else
// OS family, in order, with the version that follows the token when it is plain
// (digits and dots; iOS and macOS write 17_4, read as 17.4):
//   Windows  "Windows Phone " / "Windows NT " (the NT number as sent: 11 says 10.0)
//   iOS      "iPhone OS " / "CPU OS " (iPad), or iPhone/iPad/iPod without a version
//   Android  "Android "
//   Chrome OS "CrOS <arch> "
//   macOS    "Mac OS X "
//   Linux    Linux, X11 (Red Star OS says "Linux" too)
//   other

/// What a User-Agent says about the device that sent it.
public struct UserAgentInfo: Sendable, Equatable {
    public enum DeviceClass: String, Sendable, CaseIterable {
        case phone, tablet, pc, tv, console, bot, other
    }

    public enum OSFamily: String, Sendable, CaseIterable {
        case android = "Android", iOS = "iOS", windows = "Windows", macOS = "macOS"
        case linux = "Linux", chromeOS = "Chrome OS", other
    }

    public var device: DeviceClass
    public var os: OSFamily
    /// The OS version when the User-Agent writes it plainly, e.g. "14" or "10.15.7".
    public var osVersion: String?

    /// Longer headers are not read (a User-Agent is rarely over 500 bytes).
    static let maxLength = 2048

    /// Classifies a User-Agent value; deterministic, table-driven, never fails.
    public init(userAgent raw: String) {
        let ua = String(decoding: raw.utf8.prefix(Self.maxLength), as: UTF8.self)
        device = Self.device(ua)
        (os, osVersion) = Self.os(ua)
    }

    static let botWords = ["bot/", "crawler", "spider", "slurp", "+http", "headless"]
    static let scriptedClients = ["curl/", "Wget/", "python-", "Go-http-client/", "libwww-perl/", "Java/", "Scrapy/"]
    static let consoles = ["PlayStation", "Xbox", "Nintendo"]
    static let tvs = ["SMART-TV", "SmartTV", "SMARTTV", "Web0S", "webOS", "HbbTV", "AppleTV", "GoogleTV",
                      "Android TV", "BRAVIA", "CrKey", "Roku", "AFTB", "AFTS", "AFTM", "AFTT", "STB"]
    static let tablets = ["iPad", "Tablet", "Kindle", "Silk", "PlayBook"]
    static let phones = ["iPhone", "iPod", "Windows Phone", "Opera Mini", "Mobile"]
    static let pcs = ["Windows NT", "Macintosh", "CrOS", "X11", "Linux"]

    static func device(_ ua: String) -> DeviceClass {
        let lower = ua.lowercased()
        if botWords.contains(where: lower.contains) || scriptedClients.contains(where: ua.hasPrefix) { return .bot }
        if consoles.contains(where: ua.contains) { return .console }
        if tvs.contains(where: ua.contains) || (ua.contains("Tizen") && ua.contains("TV")) { return .tv }
        if tablets.contains(where: ua.contains) { return .tablet }
        if phones.contains(where: ua.contains) { return .phone }
        if ua.contains("Android") { return .tablet }
        if pcs.contains(where: ua.contains) { return .pc }
        return .other
    }

    static func os(_ ua: String) -> (OSFamily, String?) {
        if let v = version(after: "Windows Phone ", in: ua) { return (.windows, v) }
        if ua.contains("Windows") { return (.windows, version(after: "Windows NT ", in: ua)) }
        for token in ["iPhone OS ", "CPU OS "] {
            if let v = version(after: token, in: ua) { return (.iOS, v) }
        }
        if ["iPhone", "iPad", "iPod"].contains(where: ua.contains) { return (.iOS, nil) }
        if ua.contains("Android") { return (.android, version(after: "Android ", in: ua)) }
        if let cros = ua.firstRange(of: "CrOS ") {
            let arch = ua[cros.upperBound...].prefix { $0 != " " && $0 != ";" && $0 != ")" }
            return (.chromeOS, version(after: "CrOS \(arch) ", in: ua))
        }
        if ua.contains("Mac OS X") { return (.macOS, version(after: "Mac OS X ", in: ua)) }
        if ua.contains("Linux") || ua.contains("X11") { return (.linux, nil) }
        return (.other, nil)
    }

    /// The digits and dots (or underscores, read as dots) right after `token`; nil
    /// when the token is absent or not followed by a digit.
    static func version(after token: String, in ua: String) -> String? {
        guard let r = ua.firstRange(of: token) else { return nil }
        let run = ua[r.upperBound...].prefix { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "_") }
        let v = String(run.map { $0 == "_" ? "." : $0 }).trimmingSuffixDots()
        guard let first = v.first, first.isNumber else { return nil }
        return v
    }
}

extension String {
    fileprivate func trimmingSuffixDots() -> String {
        var s = self
        while s.last == "." { s.removeLast() }
        return s
    }
}
