import GRDB

/// The SQLite schema as named migrations. A migration, once released, never
/// changes: later schema changes are new migrations appended here, and GRDB
/// records which ones ran, so migrating an up-to-date database does nothing.
///
/// Times are ISO 8601 UTC text with milliseconds (`WireJSON.formatDate`), which
/// sorts as it compares; lists and maps the queries never look inside are JSON
/// text. The same layout maps one to one onto PostgreSQL tables.
enum StorageSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 articles, children, outcomes, clusters, fts") { db in
            try db.execute(sql: """
                CREATE TABLE story_clusters (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    created_at TEXT NOT NULL
                );

                CREATE TABLE articles (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    canonical_url TEXT NOT NULL UNIQUE,
                    url TEXT NOT NULL,
                    has_canonical INTEGER NOT NULL,
                    title TEXT,
                    site_name TEXT,
                    section TEXT,
                    breadcrumbs TEXT NOT NULL,
                    authors TEXT NOT NULL,
                    published_at TEXT,
                    published_utc TEXT,
                    modified_at TEXT,
                    language TEXT,
                    dateline TEXT,
                    source_credit TEXT,
                    tags TEXT NOT NULL,
                    description TEXT,
                    image_url TEXT,
                    paragraphs TEXT NOT NULL,
                    text TEXT NOT NULL,
                    related TEXT NOT NULL,
                    provenance TEXT NOT NULL,
                    fetched_at TEXT,
                    source TEXT,
                    enriched INTEGER NOT NULL,
                    detected_language TEXT,
                    language_confidence REAL,
                    keywords TEXT NOT NULL,
                    tone REAL,
                    summary TEXT,
                    content_hash TEXT NOT NULL,
                    enrichment_hash TEXT,
                    simhash TEXT,
                    simhash_band0 INTEGER,
                    simhash_band1 INTEGER,
                    simhash_band2 INTEGER,
                    simhash_band3 INTEGER,
                    cluster_id INTEGER NOT NULL REFERENCES story_clusters(id),
                    first_seen TEXT NOT NULL,
                    last_updated TEXT NOT NULL,
                    version_count INTEGER NOT NULL
                );
                CREATE INDEX articles_url ON articles(url);
                CREATE INDEX articles_cluster ON articles(cluster_id);
                CREATE INDEX articles_published ON articles(published_utc);
                CREATE INDEX articles_band0 ON articles(simhash_band0);
                CREATE INDEX articles_band1 ON articles(simhash_band1);
                CREATE INDEX articles_band2 ON articles(simhash_band2);
                CREATE INDEX articles_band3 ON articles(simhash_band3);

                CREATE TABLE entities (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    alias_keys TEXT NOT NULL,
                    type TEXT NOT NULL,
                    mention_count INTEGER NOT NULL,
                    mentions TEXT NOT NULL,
                    aliases TEXT NOT NULL
                );
                CREATE INDEX entities_article ON entities(article_id);
                CREATE INDEX entities_name_key ON entities(name_key);

                CREATE TABLE places (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    geoname_id INTEGER,
                    country_code TEXT,
                    latitude REAL,
                    longitude REAL,
                    feature_class TEXT,
                    mentions INTEGER NOT NULL
                );
                CREATE INDEX places_article ON places(article_id);
                CREATE INDEX places_geoname ON places(geoname_id);

                CREATE TABLE quotes (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    text TEXT NOT NULL,
                    speaker TEXT,
                    speaker_role TEXT,
                    start_offset INTEGER NOT NULL,
                    end_offset INTEGER NOT NULL
                );
                CREATE INDEX quotes_article ON quotes(article_id);
                CREATE INDEX quotes_speaker ON quotes(speaker);

                CREATE TABLE amounts (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    text TEXT NOT NULL,
                    start_offset INTEGER NOT NULL,
                    end_offset INTEGER NOT NULL,
                    value REAL NOT NULL,
                    qualifier TEXT NOT NULL,
                    unit TEXT,
                    object TEXT
                );
                CREATE INDEX amounts_article ON amounts(article_id);

                CREATE TABLE date_mentions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    text TEXT NOT NULL,
                    start_offset INTEGER NOT NULL,
                    end_offset INTEGER NOT NULL,
                    resolved TEXT,
                    granularity TEXT NOT NULL
                );
                CREATE INDEX date_mentions_article ON date_mentions(article_id);

                CREATE TABLE page_outcomes (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    storage_key TEXT NOT NULL UNIQUE,
                    url TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    title TEXT,
                    source TEXT,
                    fetched_at TEXT,
                    first_seen TEXT NOT NULL,
                    last_seen TEXT NOT NULL
                );
                CREATE INDEX page_outcomes_outcome ON page_outcomes(outcome);

                -- External-content index: the text lives once, in articles;
                -- the triggers keep the index in step inside every write.
                CREATE VIRTUAL TABLE articles_fts USING fts5(
                    title, text, content='articles', content_rowid='id',
                    tokenize='unicode61 remove_diacritics 2'
                );
                CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
                    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
                END;
                CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
                    INSERT INTO articles_fts(articles_fts, rowid, title, text)
                        VALUES ('delete', old.id, old.title, old.text);
                END;
                CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
                    INSERT INTO articles_fts(articles_fts, rowid, title, text)
                        VALUES ('delete', old.id, old.title, old.text);
                    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
                END;
                """)
        }
        migrator.registerMigration("v2 MinHash story fingerprints") { db in
            // The SimHash bands found copies up to 3 bits apart only; story
            // clusters now come from MinHash buckets (`StoryFingerprint`).
            // The enricher's SimHash stays, as a column users may read.
            try db.execute(sql: """
                DROP INDEX articles_band0;
                DROP INDEX articles_band1;
                DROP INDEX articles_band2;
                DROP INDEX articles_band3;
                ALTER TABLE articles DROP COLUMN simhash_band0;
                ALTER TABLE articles DROP COLUMN simhash_band1;
                ALTER TABLE articles DROP COLUMN simhash_band2;
                ALTER TABLE articles DROP COLUMN simhash_band3;
                -- The signature's bytes; empty for text too short to have one.
                ALTER TABLE articles ADD COLUMN minhash BLOB;

                CREATE TABLE story_buckets (
                    bucket INTEGER NOT NULL,
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    PRIMARY KEY (bucket, article_id)
                ) WITHOUT ROWID;
                CREATE INDEX story_buckets_article ON story_buckets(article_id);
                """)
            // Articles stored before keep their clusters; their fingerprints
            // let later copies find them.
            // 500 at a time, so a large archive's texts are never all in memory.
            var last: Int64 = 0
            while true {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT id, text FROM articles WHERE id > ? ORDER BY id LIMIT 500", arguments: [last])
                guard let end: Int64 = rows.last?["id"] else { break }
                for row in rows {
                    let fingerprint = StoryFingerprint(text: row["text"])
                    try db.execute(
                        sql: "UPDATE articles SET minhash = ? WHERE id = ?",
                        arguments: [StoryClusters.storedSignature(fingerprint), row["id"]])
                    try StoryClusters.index(fingerprint, articleID: row["id"], in: db)
                }
                last = end
            }
        }
        return migrator
    }
}
