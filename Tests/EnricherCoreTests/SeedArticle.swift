import Foundation
import Shared

/// The seed article (paragraphs from shared/fixtures/seed-article.expected.json),
/// built in the test so the suite has no file dependencies outside the repo.
enum SeedArticle {
    static let paragraphs: [String] = [
        "WASHINGTON – ISIS Afghanistan-based affiliate, ISIS-K or Daesh, has emerged as a major threat capable of carrying out direct attacks on the US and is actively using social media to acquire contacts in the United States, a US intelligence official in Afghanistan told CNN.",
        "“They are closest to having the capacity to attack the homeland from Afghanistan,” the official said, saying the US believes ISIS is gathering this social media information to determine whom they can use and whom they could exploit in potential future attacks on the US.",
        "“They represent a very sophisticated and dangerous threat that we have to stay focused on,” Gen. Joseph Votel, the commander of US Central Command, told reporters Tuesday while on a visit to Afghanistan.",
        "The terror group, known as ISIS-K, has been actively recruiting from schools and mosques and has been asking new recruits for their social media contacts and phone numbers of people they know in the US, to likely help their efforts to attack the US, according to the intelligence official.",
        "The official said that this intelligence has been gained from Daesh fighters that have been captured on the battlefield and interrogated by Afghan security forces.",
        "ISIS has the “mandate to attack across the Atlantic” and ISIS-K, or Daesh, is one of its affiliates that has been “tasked to do that,” the official said.",
        "US officials have previously expressed concerns that as ISIS losses its last strongholds in Syria, its fighters may seek to flee to other affiliates in places like Afghanistan.",
        "Votel said that the membership of ISIS-K “reflects more of a local South Asia flavor and includes some elements of foreign fighters but also includes some elements of people that are local to the area here.”",
        "ISIS-K has established itself in remote areas in Afghanistan’s mountainous eastern provinces and the official said that the Afghanistan affiliate “doesn’t need large swathes of land like ISIS in Iraq and Syria does.”",
        "The head of US Special Operations Command, Gen. Raymond “Tony” Thomas told the Senate Armed Services Committee earlier this month that the US military has “made huge progress against ISIS-K which is the primary external threat in Afghanistan.”",
        "The US has killed several ISIS-K leaders in recent years and has conducted numerous airstrikes and raids targeting the terror group in its redoubts in eastern Afghanistan.",
        "The Taliban has also fought ISIS as the two anti-government groups compete for territory and recruits.",
        "Despite those battlefield successes, US officials would not say how many fighters are currently in ISIS-K.",
        "A Pentagon Inspector General report on the US military mission Afghanistan said that “as of September 2018, it estimated that there were fewer than 2,000 ISIS-K fighters in Afghanistan.”",
    ]

    static var article: ParsedArticle {
        ParsedArticle(
            url: "https://example.org/isis-k", title: "ISIS-K is a threat to the US",
            publishedAt: "2019-03-02T09:14:00+04:30", paragraphs: paragraphs)
    }
}
