/// The broker's queue names. Stages read from one and write to the next.
public enum QueueName {
    public static let fetch = "fetch"
    public static let parse = "parse"
    public static let enrich = "enrich"
    public static let store = "store"
    /// Where jobs go after their last failed attempt, with their error.
    public static let deadLetter = "dead"

    public static let pipeline = [fetch, parse, enrich, store]
}
