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
