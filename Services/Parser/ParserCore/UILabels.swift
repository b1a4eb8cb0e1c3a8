/// Short lines that are interface labels, not story text ("Advertisement",
/// "Share this article", "Comments", "Don't miss").
///
/// Templates put these inside the article container, where no class name
/// marks them; they are recognised by their words. Only whole short lines are
/// matched, so a sentence that merely mentions sharing is kept.
enum UILabels {
    static let labels: Set<String> = [
        "advert", "advertisement", "advertisements", "ad", "ads", "sponsored", "sponsored content", "promoted",
        "comments", "comment", "leave a comment", "leave a reply", "post a comment", "add comment", "show comments",
        "share", "share this", "share this article", "share this story", "share on facebook", "share on twitter",
        "tweet", "email", "print", "whatsapp", "facebook", "twitter", "linkedin", "pinterest", "reddit",
        "related", "related articles", "related stories", "related posts", "related content", "read more",
        "read next", "see also", "more on this", "more stories", "you may also like", "recommended",
        "don't miss", "dont miss", "most popular", "most read", "trending", "trending now", "top stories",
        "subscribe", "sign up", "newsletter", "follow us", "click here", "continue reading", "skip ad",
        "close", "caption", "hide caption", "toggle caption", "enlarge this image", "image", "photo", "video",
        "tell us what you think", "tell us what you think...", "like this story? share it with a friend!",
        "back to top", "loading", "loading...", "view comments", "join the conversation", "tags", "topics",
        "werbung", "anzeige", "publicité", "publicidad", "pubblicità", "реклама", "комментарии", "поделиться",
    ]

    /// Phrases of the calls to action that close many stories ("Follow us on
    /// Twitter", "Sign up for our newsletter", "Have a tip?").
    static let promoPhrases = [
        "follow us", "follow him", "follow her", "follow them", "follow the", "on twitter", "on facebook",
        "on instagram", "subscribe", "sign up", "newsletter", "your inbox", "have a tip", "may be reached at",
        "download the", "listen to", "join our", "get access", "contributed to this report",
        "click here", "for more information",
    ]

    /// Drops promotional lines and dangling headings from the end of the body.
    static func trimTail(_ paragraphs: [String]) -> [String] {
        var out = paragraphs
        func endsSentence(_ line: String) -> Bool {
            line.last.map { ".!?\"”’)。！？…:".contains($0) } ?? false
        }
        while out.count > 2, let last = out.last {
            let lower = last.lowercased()
            let isPromo = last.utf8.count < 300 && promoPhrases.contains { lower.has($0) }
            // A lone short unpunctuated line after a finished sentence is the
            // title of a box that was pruned; a run of such lines is a list.
            let isDanglingHeading = last.utf8.count < 60 && !endsSentence(last) && endsSentence(out[out.count - 2])
            guard isPromo || isDanglingHeading else { break }
            out.removeLast()
        }
        return out
    }

    static func isLabel(_ line: String) -> Bool {
        guard line.utf8.count <= 48 else { return false }
        var key = line.lowercased()
        while let last = key.last, last == ":" || last == "." || last == "!" || last == "»" || last == "›" {
            key.removeLast()
        }
        key = key.trimmingCharacters(in: .whitespaces)
        return labels.contains(key) || labels.contains(line.lowercased())
    }
}

import Foundation
