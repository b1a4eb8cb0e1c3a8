/// The dates a page shows to its reader, with what the page says about each:
/// where it stands relative to the headline, whether its element is marked as
/// a date or byline, and whether a label calls it an update or the
/// publication. `PublicationDatePicker` ranks them.
///
/// The page is read as a list of text segments (one per block element); a
/// `<time>` element is a segment of its own with its `datetime` value.
struct PageDateCandidates {
    struct Candidate {
        var date: DateNormalizer.Parsed
        /// Segments after the first `<h1>` (negative: before it).
        var distance: Int
        /// Inside an element whose class, id or itemprop names a date, time or byline, or a `<time>`.
        var marked: Bool
        var label: Label
        /// From a `<time datetime>` value.
        var machineReadable: Bool
        var inFooter: Bool
    }

    /// What the words before a date call it: `until` dates (an offer's or a
    /// recording's end) are never the publication.
    enum Label { case none, published, updated, until }

    private(set) var candidates: [Candidate] = []
    /// Years of copyright notices (`© 2019`, `Copyright 2012-2019`: the last year).
    private(set) var copyrightYears: [Int] = []

    /// Words of class names, ids and itemprops that mark an element holding a date or byline.
    static let markWords = [
        "date", "time", "publish", "posted", "byline", "dateline", "meta", "datum", "fecha", "data", "zeit",
        "timestamp", "author", "created", "stamp",
    ]
    /// Labels before a date saying it is a later revision, per language.
    static let updateWords: Set<String> = [
        "updated", "update", "modified", "edited", "revised", "aktualisiert", "geändert", "jour", "modifié",
        "actualizado", "actualización", "modificado", "aggiornato", "aggiornamento", "atualizado", "atualização",
        "bijgewerkt", "gewijzigd", "zaktualizowano", "aktualizacja", "обновлено", "обновление", "изменено",
        "güncellendi", "güncelleme", "更新", "更新日", "更新时间", "更新時間", "修改", "수정", "업데이트",
    ]
    /// Labels before a date saying it is the publication, per language.
    static let publishedWords: Set<String> = [
        "published", "posted", "publication", "veröffentlicht", "erschienen", "publié", "publiée", "publicado",
        "publicada", "publicación", "pubblicato", "pubblicata", "gepubliceerd", "geplaatst", "opublikowano",
        "publikacja", "опубликовано", "публикация", "yayınlandı", "yayınlanma", "yayın", "公開", "公開日",
        "发布", "發布", "发布时间", "發佈", "投稿日", "입력", "등록", "게시",
        // A date labelled just "Date" is the page's own.
        "date", "datum", "fecha", "data", "tarih", "дата", "日期", "날짜",
    ]

    /// Words before a date that make it a deadline or an end of availability.
    static let untilWords: Set<String> = [
        "until", "till", "expires", "bis", "hasta", "jusqu", "fino", "até", "tot", "do", "до", "kadar", "까지",
    ]

    /// Segments longer than this are prose: dates inside it are the story's events.
    static let maxSegmentLength = 240

    private var segments: [Segment] = []
    private var current = Segment()
    private var headingIndex: Int?

    private struct Segment {
        var text = ""
        var marked = false
        var inFooter = false
        var datetime: String?
        /// For a `<time>`: the text just before it, where its label ("Updated:") stands.
        var context = ""
    }

    /// `title` is the page's `<title>`: a date there is the page's own. The
    /// page's unambiguous numeric dates (`13/04/2019`) decide how it writes
    /// the ambiguous ones; `order` is the language's default.
    init(root: Element, title: String?, order: TextDateScanner.NumericOrder) {
        visit(root, marked: false, inFooter: false)
        flush()
        let anchor = headingIndex ?? 0
        let order = TextDateScanner.orderEvidence(in: segments.lazy.map(\.text)) ?? order
        if let title { collect(Segment(text: title, marked: true), distance: 0, order: order) }
        for (index, segment) in segments.enumerated() {
            collect(segment, distance: index - anchor, order: order)
        }
    }

    private mutating func visit(_ e: Element, marked: Bool, inFooter: Bool) {
        let marked = marked || e.tag == .time || Self.isMarked(e)
        let inFooter = inFooter || e.tag == .footer
        if e.tag == .h1, headingIndex == nil {
            flush()
            headingIndex = segments.count
        }
        if e.tag == .time {
            let context = String(current.text.suffix(40))
            flush()
            current.datetime = e.attribute("datetime")
            current.context = context
        } else if e.tag.isBlock {
            flush()
        }
        for child in e.children {
            switch child {
            case .text(let t):
                current.text += t
                current.marked = current.marked || marked
                current.inFooter = current.inFooter || inFooter
            case .element(let x):
                visit(x, marked: marked, inFooter: inFooter)
            }
        }
        if e.tag == .time || e.tag.isBlock {
            if e.tag == .time { current.marked = true }
            flush()
        }
    }

    private mutating func flush() {
        if current.datetime != nil || current.text.contains(where: { $0.isNumber }) { segments.append(current) }
        current = Segment()
    }

    private static func isMarked(_ e: Element) -> Bool {
        let names = e.classID + " " + (e.attribute("itemprop") ?? "").lowercased()
        guard names.count > 1 else { return false }
        return markWords.contains { names.contains($0) }
    }

    private mutating func collect(_ segment: Segment, distance: Int, order: TextDateScanner.NumericOrder) {
        let text = TextNormalizer.collapse(segment.text)
        let lowered = text.lowercased()
        if lowered.contains("©") || lowered.contains("copyright") || lowered.contains("(c)") {
            let years = TextDateScanner.tokenize(text).compactMap { token -> Int? in
                guard case .number(let v, 4) = token, (1995...2100).contains(v) else { return nil }
                return v
            }
            if let last = years.last { copyrightYears.append(last) }
            return
        }
        if let raw = segment.datetime, let date = DateNormalizer.parse(raw) {
            let words = TextDateScanner.tokenize(segment.context + " " + text).compactMap { token -> String? in
                guard case .word(let w) = token else { return nil }
                return w.lowercased()
            }
            candidates.append(
                Candidate(
                    date: date, distance: distance, marked: true, label: Self.label(words.reversed()),
                    machineReadable: true, inFooter: segment.inFooter))
            return
        }
        guard text.count <= Self.maxSegmentLength || (segment.marked && text.count <= 4 * Self.maxSegmentLength)
        else { return }
        for found in TextDateScanner.dates(in: text, order: order) {
            candidates.append(
                Candidate(
                    date: found.date, distance: distance, marked: segment.marked,
                    label: Self.label(found.precedingWords), machineReadable: false, inFooter: segment.inFooter))
        }
    }

    private static func label(_ words: [String]) -> Label {
        for word in words {
            if untilWords.contains(word) { return .until }
            if updateWords.contains(word) { return .updated }
            if publishedWords.contains(word) { return .published }
        }
        return .none
    }
}
