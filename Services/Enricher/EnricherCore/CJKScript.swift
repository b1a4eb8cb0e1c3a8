/// Chinese, Japanese and Korean told apart by script, before the n-gram
/// profiles: langdetect's profiles hold Han characters only through its own
/// normalisation to class representatives, so raw Chinese or Japanese text
/// scored as Somali. The scripts decide: Hangul is Korean, kana (present in
/// any Japanese sentence) is Japanese, Han without kana is Chinese.
enum CJKScript {
    /// The language of a text whose letters are mostly CJK, with the share
    /// of CJK letters as confidence; nil for other text.
    static func language(of scalars: [Unicode.Scalar], limit: Int) -> (String, Double)? {
        var letters = 0, han = 0, kana = 0, hangul = 0
        for s in scalars {
            if letters >= limit { break }
            let v = s.value
            if v < 0x80 {
                if (v | 0x20) >= 97 && (v | 0x20) <= 122 { letters += 1 }
                continue
            }
            guard s.properties.isAlphabetic else { continue }
            letters += 1
            switch v {
            case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: kana += 1
            case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: hangul += 1
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: han += 1
            default: break
            }
        }
        let cjk = han + kana + hangul
        guard cjk * 2 > letters else { return nil }
        let confidence = Double(cjk) / Double(letters)
        if hangul >= han + kana { return ("ko", confidence) }
        if kana * 10 >= han + kana { return ("ja", confidence) }
        return ("zh", confidence)
    }
}
