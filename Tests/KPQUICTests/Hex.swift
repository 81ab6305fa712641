/// Bytes from hex digits, ignoring whitespace (tests only).
func hex(_ s: String) -> [UInt8] {
    let digits = s.filter(\.isHexDigit).map { UInt8(String($0), radix: 16)! }
    return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}

/// Lowercase hex of bytes (tests only).
func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}
