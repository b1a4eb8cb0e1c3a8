/// Tells a story from the other pages of a news site that also carry enough
/// text to pass the length test: section fronts, tag and category archives,
/// about and contact pages.
///
/// Two kinds of evidence are combined. What the page says it is: JSON-LD
/// `@type` (`NewsArticle` against `CollectionPage`, `AboutPage`, ...),
/// `og:type`, and the body classes WordPress and similar CMSs write
/// (`single-post` against `archive`, `tag`, `category`, `page`). And what the
/// extracted text looks like: a story has paragraphs of prose, a listing has
/// headlines, standfirsts, truncated excerpts and dates, each teaser led by a
/// linked heading. A declared article is trusted; a declared listing or static
/// page needs the text not to read as a story; a page that declares nothing
/// needs the text to look like a listing.
struct PageClassifier {
    /// What the markup declares the page to be.
    struct Declaration: Equatable {
        /// JSON-LD article type, `og:type=article`, or a single-post body class.
        var article = false
        /// `CollectionPage`, `ItemList`, `SearchResultsPage`, or an archive/tag/category/search/blog body class.
        var listing = false
        /// `AboutPage`, `ContactPage`, `ProfilePage`, `og:type=profile`.
        var staticPage = false
        /// A CMS page that is not a post (WordPress `page page-id-N`): often static, sometimes not.
        var cmsPage = false
        /// `og:type` of a non-article kind (`website`, `video.*`) and nothing else said.
        var otherOpenGraphType = false
    }

    /// How much of the body text reads as prose.
    struct Shape: Equatable {
        var paragraphs = 0
        var proseParagraphs = 0
        var proseCharacters = 0
        var totalCharacters = 0
        var excerpts = 0

        /// A story: several prose paragraphs making up most of the text.
        var readsAsStory: Bool { proseParagraphs >= 2 && proseCharacters * 2 >= totalCharacters }
        /// Not one paragraph of real prose: headlines, labels, dates, excerpts.
        var hasNoProse: Bool { proseParagraphs == 0 }
    }

    static let listingTypes: Set<String> = [
        "collectionpage", "itemlist", "searchresultspage", "blog", "mediagallery", "imagegallery",
        "videogallery",
    ]
    static let staticTypes: Set<String> = ["aboutpage", "contactpage", "profilepage", "faqpage", "checkoutpage"]
    static let listingBodyClasses: Set<String> = [
        "archive", "tag", "category", "search-results", "blog", "section-front",
    ]
    static let articleBodyClasses: Set<String> = ["single", "single-post", "singular-post", "post-template-default"]

    static func declaration(jsonLDTypes: Set<String>, openGraphType: String?, bodyClassID: String) -> Declaration {
        var d = Declaration()
        if jsonLDTypes.contains(where: { $0 != "webpage" && $0 != "medicalwebpage" && JSONLDSummary.articleTypes.contains($0) })
        {
            d.article = true
        }
        let og = openGraphType?.lowercased()
        if let og, og == "article" || og.hasPrefix("article:") { d.article = true }
        let classes = bodyClassID.split(separator: " ")
        for token in classes {
            if articleBodyClasses.contains(String(token)) || token.hasPrefix("postid-") { d.article = true }
        }
        if !jsonLDTypes.isDisjoint(with: listingTypes) { d.listing = true }
        if !jsonLDTypes.isDisjoint(with: staticTypes) || og == "profile" { d.staticPage = true }
        for token in classes {
            let t = String(token)
            if listingBodyClasses.contains(t) && classes.count >= 2 { d.listing = true }
            if t == "page" && classes.contains(where: { $0.hasPrefix("page-id-") || $0.hasPrefix("page-template") }) {
                d.cmsPage = true
            }
        }
        if let og, !d.article, og == "website" || og == "profile" || og.hasPrefix("video") || og.hasPrefix("music")
            || og == "book" || og == "product"
        {
            d.otherOpenGraphType = true
        }
        return d
    }

    /// Prose: a paragraph long enough to hold a sentence (60 characters, an
    /// ideograph counting two), with a sentence end
    /// in it, that is not an excerpt cut short with an ellipsis.
    static func shape(_ paragraphs: [String]) -> Shape {
        var s = Shape()
        for p in paragraphs {
            let length = weightedLength(p)
            s.paragraphs += 1
            s.totalCharacters += length
            if isExcerpt(p) {
                s.excerpts += 1
                continue
            }
            if length >= 60 && hasSentenceEnd(p) {
                s.proseParagraphs += 1
                s.proseCharacters += length
            }
        }
        return s
    }

    /// Ideographic and Hangul text says as much in half the characters.
    static func weightedLength(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
    }

    static func isExcerpt(_ p: String) -> Bool {
        p.hasSuffix("…") || p.hasSuffix("...") || p.hasSuffix("[…]") || p.hasSuffix("[...]") || p.hasSuffix("… »")
    }

    /// A full stop, question or exclamation mark ending a word and followed by
    /// a space, a closing quote or the end: "10.15" and "2.4%" are not sentence ends.
    static func hasSentenceEnd(_ p: String) -> Bool {
        var previous: Unicode.Scalar = " "
        var pending = false
        for c in p.unicodeScalars {
            if pending {
                if c == " " || "\"”’'»)".unicodeScalars.contains(c) { return true }
                pending = false
            }
            switch c {
            case "。", "！", "？", "।", "؟":
                return true
            case ".", "!", "?":
                pending = previous.properties.isAlphabetic || ")\"”’'".unicodeScalars.contains(previous)
            default:
                break
            }
            previous = c
        }
        return pending
    }

    /// Headings that are links to other pages, outside navigation and page
    /// chrome: one per teaser on a listing, rare inside a story. `inText`
    /// counts those whose headline is also a line of the extracted text with
    /// text under it: the teasers are the page's content, not a related box.
    struct Teasers {
        var all = 0
        var inText = 0
    }

    static func teasers(in body: Element, paragraphs: [String]) -> Teasers {
        var headlines: [String] = []
        body.walk { e in
            switch e.tag {
            case .nav, .footer, .aside, .form: return false
            case .h1, .h2, .h3, .h4, .h5, .h6:
                if e.textLength >= 15 && e.linkLength * 10 >= e.textLength * 6 { headlines.append(e.text) }
                return false
            default: return true
            }
        }
        var t = Teasers(all: headlines.count)
        guard headlines.count >= 3 else { return t }
        // Count only headlines with text of their own under them: a related
        // box's headlines sit in one run, a listing's alternate with standfirsts.
        let set = Set(headlines)
        var open = false
        var textUnder = false
        for p in paragraphs {
            if set.contains(p) {
                if open && textUnder { t.inText += 1 }
                open = true
                textUnder = false
            } else if open {
                textUnder = true
            }
        }
        if open && textUnder { t.inText += 1 }
        return t
    }

    /// True when the page is not a story although it has enough text.
    static func isNotAnArticle(declaration d: Declaration, shape: Shape, teasers: () -> Teasers) -> Bool {
        if d.article { return false }
        if d.staticPage { return true }
        if shape.hasNoProse { return true }
        let t = teasers()
        if d.listing && (!shape.readsAsStory || t.all >= 3) { return true }
        if d.cmsPage && !shape.readsAsStory { return true }
        // Nothing, or only a generic og:type, was declared: the text decides.
        // A run of linked headlines, each with a paragraph or two under it, is
        // a listing, even when the standfirsts are whole sentences.
        if t.inText >= 3 && t.inText * 2 >= shape.proseParagraphs { return true }
        if !shape.readsAsStory && t.all >= 3 && t.all * 2 >= shape.proseParagraphs { return true }
        return false
    }
}
