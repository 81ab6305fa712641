/// JSONEncoder's `.convertToSnakeCase` for ASCII keys: a word starts at each
/// capital, a run of capitals is one word up to the capital before a lowercase
/// letter ("myURLKey" → "my_url_key").
enum SnakeCase {
    static func convert(_ key: String) -> String {
        let c = Array(key.utf8)
        guard c.count > 1 else { return key }
        func upper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5a }
        func lower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7a }
        var words: [Range<Int>] = []
        var wordStart = 0
        var search = 1
        while let up = (search..<c.count).first(where: { upper(c[$0]) }) {
            words.append(wordStart..<up)
            guard let low = (up..<c.count).first(where: { lower(c[$0]) }) else {
                wordStart = up
                search = c.count
                break
            }
            if low == up + 1 {
                wordStart = up
            } else {
                words.append(up..<(low - 1))
                wordStart = low - 1
            }
            search = low + 1
        }
        words.append(wordStart..<c.count)
        return words.map { String(decoding: c[$0], as: UTF8.self).lowercased() }.joined(separator: "_")
    }
}
