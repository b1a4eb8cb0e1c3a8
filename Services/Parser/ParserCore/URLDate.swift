/// The publication day a URL's path carries: `/2019/08/02/`, `/2019-08-02-slug`,
/// `/story_2019.08.02.html`, `/20190802/`, `/A2019080214320005196`. A year and
/// month alone give no day and are not taken.
enum URLDate {
    static func find(_ url: String) -> DateNormalizer.Parsed? {
        let path = pathAndQuery(url)
        let tokens = TextDateScanner.tokenize(String(path))
        for (i, token) in tokens.enumerated() {
            guard case .number(let value, 4) = token else { continue }
            if let (date, _) = TextDateScanner.match(tokens, at: i, order: .dayFirst),
                date.year == value
            {
                return date
            }
        }
        for run in path.split(whereSeparator: { !$0.isASCII || !$0.isNumber }) {
            if let date = compact(run) { return date }
        }
        return nil
    }

    /// `20190802`, or a timestamp that starts with it (`201908021432`, an id
    /// like `2019080214320005196`: the day is taken when an hour and minute follow).
    private static func compact(_ run: Substring) -> DateNormalizer.Parsed? {
        let digits = run.compactMap { $0.wholeNumberValue }
        guard digits.count == 8 || digits.count >= 12 else { return nil }
        func value(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + $1 } }
        if digits.count >= 12, value(8..<10) >= 24 || value(10..<12) >= 60 { return nil }
        let year = value(0..<4), month = value(4..<6), day = value(6..<8)
        guard (1990...2100).contains(year), (1...12).contains(month),
            (1...TextDateScanner.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return DateNormalizer.Parsed(year: year, month: month, day: day)
    }

    /// What follows the host: the host itself may hold digits that look like dates.
    private static func pathAndQuery(_ url: String) -> Substring {
        guard let scheme = url.range(of: "://") else { return url[...] }
        let afterScheme = url[scheme.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return "" }
        return afterScheme[slash...]
    }
}
