import Foundation

/// What a `class`/`id` pair says about an element: content, boilerplate, or nothing.
///
/// Site templates name their boxes with a small, widely shared vocabulary
/// (`sidebar`, `share`, `related`, `entry-content`, ...). Matching whole tokens
/// and a few stems keeps it fast; verdicts are cached per distinct string
/// because templates repeat the same classes hundreds of times.
struct ClassVocabulary {
    struct Verdict {
        /// Readability-style weight: +25 content-ish, -25 boilerplate-ish.
        var weight: Double
        /// Names an article body container explicitly (`article-body`, `entry-content`, ...).
        var strongContent: Bool
        /// Names a box that is never article text (comments, share bar, related posts, ...).
        var boilerplate: Bool
        /// Names a breadcrumb trail, a byline, or a box of related-story links (for metadata).
        var breadcrumb = false
        var byline = false
        var relatedBox = false
    }

    /// Verdicts for class strings seen on earlier pages: templates repeat across
    /// a site, so most lookups hit. Bounded, and cleared when full.
    private final class SharedTable: @unchecked Sendable {
        // Guarded by `lock`; NSLock rather than Mutex so macOS 14 builds too.
        let lock = NSLock()
        var table: [String: Verdict] = [:]
    }
    private static let shared = SharedTable()
    private static let sharedLimit = 100_000
    private var cache: [String: Verdict] = [:]

    static let negativeTokens: Set<String> = [
        "ad", "ads", "adv", "advert", "advertisement", "advertising", "banner", "breadcrumb", "breadcrumbs",
        "byline", "combx", "comment", "comments", "community", "contact", "cookie", "cookies", "disqus", "extra",
        "foot", "footer", "footnote", "gdpr", "header", "hidden", "login", "masthead", "media", "menu", "meta",
        "modal", "more", "nav", "navbar", "navigation", "newsletter", "outbrain", "pager", "pagination", "popup",
        "popular", "print", "promo", "recommended", "related", "remark", "rss", "share", "sharing", "shoutbox",
        "sidebar", "skyscraper", "social", "sponsor", "sponsored", "subscribe", "subscription", "tags", "taboola",
        "tool", "tools", "toolbar", "trending", "widget", "author", "bio", "signup", "follow", "also",
        "teaser", "teasers", "caption", "credit", "credits", "topics", "keywords", "jump", "next", "prev",
        "previous", "paywall", "overlay", "banners", "rail", "aside", "dateline", "timestamp", "date", "copyright",
        "disclaimer", "infobox", "poll", "quiz", "recirc", "recirculation", "carousel", "slider", "gallery",
        "newsletters", "cta", "hide", "sr", "visually", "screen", "offscreen", "tag", "category", "categories",
        "feedback", "rating", "reactions", "reaction", "sticky", "top", "bottom", "links", "list", "headline",
        "title", "mostread", "mostpopular", "readmore", "storylist", "card", "cards", "thumb", "thumbnail",
    ]

    /// Stems that mark boilerplate anywhere inside a token (`relatedPosts`, `sharebar`).
    static let negativeStems: [String] = [
        "comment", "related", "share", "sharing", "sidebar", "social", "newsletter", "promo", "advert", "recommend",
        "breadcrumb", "footer", "navig", "widget", "subscri", "cookie", "sponsor", "outbrain", "taboola", "popular",
        "trending", "mostread", "readmore", "signup", "paywall", "byline", "masthead", "pagination", "gallery",
        "slideshow", "carousel", "lightbox",
    ]

    static let positiveTokens: Set<String> = [
        "article", "articlebody", "body", "content", "entry", "main", "page", "post", "text", "story", "blog",
        "hentry", "prose", "richtext", "paragraph", "paragraphs", "copy", "articletext", "storybody", "postbody",
        "entrycontent", "postcontent", "articlecontent", "maincontent", "bodytext",
    ]

    /// Compact (alphanumerics only) phrases that name the article body itself.
    static let strongContentPhrases: [String] = [
        "articlebody", "articlecontent", "articletext", "entrycontent", "postcontent", "postbody", "storybody",
        "storycontent", "storytext", "bodytext", "articlecopy", "contentbody", "postentry", "entrybody",
        "richtext", "newsbody", "newstext", "newscontent", "blogpost", "singlepost", "fieldbody", "textbody",
        "mainarticle", "articlemain", "bodycopy", "articlesection", "postinner", "storycopy",
    ]

    mutating func verdict(_ classID: String) -> Verdict {
        if classID.isEmpty { return Verdict(weight: 0, strongContent: false, boilerplate: false) }
        if let cached = cache[classID] { return cached }
        let shared = Self.shared
        shared.lock.lock()
        let v: Verdict
        if let known = shared.table[classID] {
            v = known
        } else {
            v = Self.judge(classID)
            if shared.table.count >= Self.sharedLimit { shared.table.removeAll(keepingCapacity: true) }
            shared.table[classID] = v
        }
        shared.lock.unlock()
        cache[classID] = v
        return v
    }

    static func judge(_ classID: String) -> Verdict {
        var negative = false
        var positive = false
        var boilerplate = false
        // A class word that is just "author(s)" (`authors list-item`): where bylines sit.
        var authorToken = false
        var compact = ""
        var token = ""
        func finish() {
            guard !token.isEmpty else { return }
            if negativeTokens.contains(token) {
                negative = true
                if token != "more" && token != "top" && token != "bottom" && token != "list" && token != "links"
                    && token != "title" && token != "headline" && token != "media" && token != "date"
                    && token != "card" && token != "cards" && token != "extra" && token != "tag" && token != "hide"
                    && token != "header" && token != "meta" && token != "author"
                    && token != "dateline" && token != "timestamp"
                    && token != "thumb" && token != "thumbnail" && token != "category" && token != "categories"
                    && token != "hidden" && token != "sr" && token != "screen" && token != "visually"
                    && token != "bio" && token != "slider"
                    && token != "sticky" && token != "tool" && token != "next" && token != "prev"
                {
                    boilerplate = true
                }
            } else if token.utf8.count > 4 {
                for stem in negativeStems where token.has(stem) {
                    negative = true
                    boilerplate = true
                    break
                }
            }
            if positiveTokens.contains(token) { positive = true }
            if token == "author" || token == "authors" { authorToken = true }
            token = ""
        }
        for scalar in classID.unicodeScalars {
            let v = scalar.value
            if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                token.unicodeScalars.append(scalar)
                compact.unicodeScalars.append(scalar)
            } else {
                finish()
            }
        }
        finish()
        var strong = false
        for phrase in strongContentPhrases where compact.has(phrase) {
            strong = true
            break
        }
        // Embedded posts (tweets, Instagram) quoted by the story sit in "social embed" boxes.
        if strong || compact.has("embed") || compact.has("twittertweet") { boilerplate = false }
        var weight = 0.0
        if negative { weight -= 25 }
        if positive || strong { weight += 25 }
        var verdict = Verdict(weight: weight, strongContent: strong, boilerplate: boilerplate)
        let c = classID
        verdict.breadcrumb = c.has("breadcrumb") || c.has("crumbs")
        verdict.byline = c.has("byline") || c.has("author-name") || c.has("author_name") || c.has("post-author")
            || c.has("meta-author") || c.has("article-author") || authorToken
        verdict.relatedBox = c.has("related") || c.has("also") || c.has("more-stories") || c.has("morestories")
            || c.has("read-more") || c.has("readmore") || c.has("see-more")
        return verdict
    }
}
