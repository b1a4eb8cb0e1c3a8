/// Character-class tests with an ASCII fast path: Unicode property lookups
/// dominated the enricher's profile, and news text is mostly ASCII.
extension Unicode.Scalar {
    @inline(__always) var isLetterFast: Bool {
        let v = value
        if v < 128 { return (v | 0x20) >= 97 && (v | 0x20) <= 122 }
        return properties.isAlphabetic
    }
    @inline(__always) var isUpperFast: Bool {
        let v = value
        if v < 128 { return v >= 65 && v <= 90 }
        return properties.isUppercase
    }
    @inline(__always) var isLowerFast: Bool {
        let v = value
        if v < 128 { return v >= 97 && v <= 122 }
        return properties.isLowercase
    }
    @inline(__always) var isSpaceFast: Bool {
        let v = value
        if v < 128 { return v == 32 || (v >= 9 && v <= 13) }
        return properties.isWhitespace
    }
    @inline(__always) var isDigitFast: Bool { value >= 48 && value <= 57 }
}
