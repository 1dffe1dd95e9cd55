//! Reply variants (issue 26): Retry and Edit keep what they replace, and
//! the path shown is chosen among the variants.

use super::{progress, text};
use colloquy_store::{MessageStatus, Role, Shelf, Store, StoreError, TurnStart};

fn turn<'a>(expect: i64, keep: i64, message: Option<&'a colloquy_store::NewMessage>) -> TurnStart<'a> {
    TurnStart { expect, keep, message, model: "m", settings: "{}" }
}

/// The path's texts, each with "variant/variants" where there are several.
async fn path(store: &Store, owner: &colloquy_store::UserId, id: &colloquy_store::ConversationId) -> Vec<String> {
    let (_, messages) = store.open_conversation(owner, id).await.unwrap();
    messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            assert_eq!(m.seq, i as i64 + 1, "the path is numbered from 1");
            if m.variants > 1 {
                format!("{} {}/{}", m.content, m.variant, m.variants)
            } else {
                m.content.clone()
            }
        })
        .collect()
}

both!(retry_and_edit_keep_variants_to_switch_between, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let bob = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Variants", "m").await.unwrap();
    let reply = |text: &str| progress(text, Some(MessageStatus::Complete));
    let hi = text(Role::User, "Hi");
    store.begin_turn(&alice, &chat.id, &turn(0, 0, Some(&hi))).await.unwrap();
    store.save_reply(&alice, &chat.id, 2, &reply("Hello aardvark")).await.unwrap();
    store.save_feedback(&alice, &chat.id, 2, Some("like"), "").await.unwrap();
    // Retry: the first reply stays, as variant 1.
    assert_eq!(store.begin_turn(&alice, &chat.id, &turn(2, 1, None)).await.unwrap(), 2);
    store.save_reply(&alice, &chat.id, 2, &reply("Hello bison")).await.unwrap();
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi", "Hello bison 2/2"]);
    // Search finds text in a variant not shown (its seq is not on the path).
    let hits = store.search(&alice, "aardvark", Shelf::All, 10).await.unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].seq < 0, "{hits:?}");
    // The rated reply, off the path, still has its prompt in the dataset.
    let rated = store.all_feedback().await.unwrap();
    let rated: Vec<_> = rated.iter().filter(|r| r.conversation == chat.id.as_str()).collect();
    assert_eq!((rated[0].prompt.as_str(), rated[0].reply.as_str()), ("Hi", "Hello aardvark"));

    // Back to the first reply; its rating went with it.
    assert_eq!(store.select_variant(&alice, &chat.id, 2, 2, 1).await.unwrap(), 2);
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi", "Hello aardvark 1/2"]);
    let (_, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!(messages[1].rating.as_deref(), Some("like"));
    // Continued from there.
    let more = text(Role::User, "More");
    assert_eq!(store.begin_turn(&alice, &chat.id, &turn(2, 2, Some(&more))).await.unwrap(), 4);
    store.save_reply(&alice, &chat.id, 4, &reply("Deeper")).await.unwrap();
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi", "Hello aardvark 1/2", "More", "Deeper"]);
    // The other reply has no continuation; going back to the first one
    // follows what was chosen below it.
    assert_eq!(store.select_variant(&alice, &chat.id, 4, 2, 2).await.unwrap(), 2);
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi", "Hello bison 2/2"]);
    let (_, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!(messages[1].rating, None);
    assert_eq!(store.select_variant(&alice, &chat.id, 2, 2, 1).await.unwrap(), 4);
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi", "Hello aardvark 1/2", "More", "Deeper"]);

    // Edit the first message: the old one and all below it stay.
    let hey = text(Role::User, "Hey");
    store.begin_turn(&alice, &chat.id, &turn(4, 0, Some(&hey))).await.unwrap();
    store.save_reply(&alice, &chat.id, 2, &reply("Hey there")).await.unwrap();
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hey 2/2", "Hey there"]);
    assert_eq!(store.select_variant(&alice, &chat.id, 2, 1, 1).await.unwrap(), 4);
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi 1/2", "Hello aardvark 1/2", "More", "Deeper"]);

    // Refused: a tab that saw another length, a variant or place that does
    // not exist, someone else, and a reply being written.
    assert!(matches!(store.select_variant(&alice, &chat.id, 2, 1, 2).await, Err(StoreError::Conflict)));
    assert!(matches!(store.select_variant(&alice, &chat.id, 4, 2, 3).await, Err(StoreError::NotFound)));
    assert!(matches!(store.select_variant(&alice, &chat.id, 4, 5, 1).await, Err(StoreError::NotFound)));
    assert!(matches!(store.select_variant(&bob, &chat.id, 4, 1, 2).await, Err(StoreError::NotFound)));
    store.begin_turn(&alice, &chat.id, &turn(4, 3, None)).await.unwrap();
    assert!(matches!(store.select_variant(&alice, &chat.id, 4, 1, 2).await, Err(StoreError::Conflict)));
    store.save_reply(&alice, &chat.id, 4, &reply("Deeper still")).await.unwrap();
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi 1/2", "Hello aardvark 1/2", "More", "Deeper still 2/2"]);

    // A share link shows the path chosen, and follows a switch.
    let token = store.share_conversation(&alice, &chat.id).await.unwrap();
    let shared = |store: Store, token: colloquy_store::ShareToken| async move {
        let (_, earlier, messages) = store.shared_conversation_end(&token, 100).await.unwrap();
        assert_eq!(earlier, 0);
        messages.into_iter().map(|m| m.content).collect::<Vec<_>>()
    };
    assert_eq!(shared(store.clone(), token.clone()).await, ["Hi", "Hello aardvark", "More", "Deeper still"]);
    store.select_variant(&alice, &chat.id, 4, 4, 1).await.unwrap();
    assert_eq!(shared(store.clone(), token.clone()).await, ["Hi", "Hello aardvark", "More", "Deeper"]);

    // Undo takes the last turn back with its variants.
    store.undo_turns(&alice, &chat.id, 4, 2).await.unwrap();
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi 1/2", "Hello aardvark 1/2"]);
    assert!(store.search(&alice, "deeper", Shelf::All, 10).await.unwrap().is_empty());
    // And deleting the conversation deletes every variant.
    store.delete_conversation(&alice, &chat.id).await.unwrap();
    assert!(store.search(&alice, "aardvark", Shelf::All, 10).await.unwrap().is_empty());
});

/// Rows as a version-13 database held them: one conversation of four
/// messages, the first reply rated.
const BEFORE_VARIANTS: &str = "\
INSERT INTO users (id, created_ms) VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 1);
INSERT INTO conversations (id, owner, title, model, created_ms, updated_ms)
    VALUES ('cccccccccccccccccccccccccccccccc', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'Old', 'm', 1, 5);
INSERT INTO messages (conversation_id, seq, role, content, status, created_ms, updated_ms) VALUES
    ('cccccccccccccccccccccccccccccccc', 1, 'user', 'Old question', 'complete', 1, 1),
    ('cccccccccccccccccccccccccccccccc', 2, 'assistant', 'Old answer', 'complete', 2, 2),
    ('cccccccccccccccccccccccccccccccc', 3, 'user', 'Next question', 'complete', 3, 3),
    ('cccccccccccccccccccccccccccccccc', 4, 'assistant', 'Next answer', 'complete', 4, 4);
INSERT INTO feedback (conversation_id, seq, rating, created_ms) VALUES ('cccccccccccccccccccccccccccccccc', 2, 'like', 5);";

/// After migration 0014 the old conversation reads as before, with no
/// variants, its rating where it was, and a Retry on it keeps a variant.
async fn old_conversation_reads_as_before(store: Store) {
    let owner = colloquy_store::UserId::parse(&"a".repeat(32)).unwrap();
    let id = colloquy_store::ConversationId::parse(&"c".repeat(32)).unwrap();
    assert_eq!(path(&store, &owner, &id).await, ["Old question", "Old answer", "Next question", "Next answer"]);
    let (_, messages) = store.open_conversation(&owner, &id).await.unwrap();
    assert_eq!(messages[1].rating.as_deref(), Some("like"));
    store.begin_turn(&owner, &id, &turn(4, 1, None)).await.unwrap();
    store.save_reply(&owner, &id, 2, &progress("New answer", Some(MessageStatus::Complete))).await.unwrap();
    assert_eq!(path(&store, &owner, &id).await, ["Old question", "New answer 2/2"]);
    store.select_variant(&owner, &id, 2, 2, 1).await.unwrap();
    assert_eq!(path(&store, &owner, &id).await, ["Old question", "Old answer 1/2", "Next question", "Next answer"]);
    let (_, messages) = store.open_conversation(&owner, &id).await.unwrap();
    assert_eq!(messages[1].rating.as_deref(), Some("like"));
}

#[tokio::test]
async fn the_variants_migration_keeps_existing_conversations() {
    use std::str::FromStr;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}/old.db", dir.path().display());
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(&url).unwrap().create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let mut before = sqlx::migrate!("migrations/sqlite");
    before.migrations = before.migrations.iter().filter(|m| m.version < 14).cloned().collect::<Vec<_>>().into();
    before.run(&pool).await.unwrap();
    sqlx::raw_sql(BEFORE_VARIANTS).execute(&pool).await.unwrap();
    pool.close().await;
    old_conversation_reads_as_before(Store::connect(&url).await.unwrap()).await;

    let Ok(url) = std::env::var("COLLOQUY_TEST_POSTGRES_URL") else {
        assert_eq!(std::env::var("COLLOQUY_SKIP_POSTGRES").as_deref(), Ok("1"), "set COLLOQUY_TEST_POSTGRES_URL");
        return;
    };
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
    let db = "colloquy_test_variants_migration";
    sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")).execute(&mut admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {db}")).execute(&mut admin).await.unwrap();
    let url = format!("{}/{db}", url.rsplit_once('/').unwrap().0);
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let mut before = sqlx::migrate!("migrations/postgres");
    before.migrations = before.migrations.iter().filter(|m| m.version < 14).cloned().collect::<Vec<_>>().into();
    before.run(&pool).await.unwrap();
    sqlx::raw_sql(BEFORE_VARIANTS).execute(&pool).await.unwrap();
    pool.close().await;
    old_conversation_reads_as_before(Store::connect(&url).await.unwrap()).await;
}

both!(an_export_carries_the_variants_and_an_import_rebuilds_them, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Tree", "m").await.unwrap();
    let reply = |text: &str| progress(text, Some(MessageStatus::Complete));
    let hi = text(Role::User, "Hi");
    store.begin_turn(&alice, &chat.id, &turn(0, 0, Some(&hi))).await.unwrap();
    store.save_reply(&alice, &chat.id, 2, &reply("First")).await.unwrap();
    let more = text(Role::User, "More");
    store.begin_turn(&alice, &chat.id, &turn(2, 2, Some(&more))).await.unwrap();
    store.save_reply(&alice, &chat.id, 4, &reply("Deep")).await.unwrap();
    store.begin_turn(&alice, &chat.id, &turn(4, 1, None)).await.unwrap();
    store.save_reply(&alice, &chat.id, 2, &reply("Second")).await.unwrap();
    let shown = path(&store, &alice, &chat.id).await;
    assert_eq!(shown, ["Hi", "Second 2/2"]);

    let export = store.export_conversation(&alice, &chat.id).await.unwrap();
    // The path is what a reader without variants sees; the rest is apart.
    let texts = |ms: &[colloquy_store::ExportedMessage]| ms.iter().map(|m| m.content.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&export.messages), ["Hi", "Second"]);
    assert_eq!(texts(&export.variants), ["First", "More", "Deep"]);
    assert!(!export.to_markdown().contains("First"), "Markdown is the path shown");
    let json = serde_json::to_vec(&export).unwrap();
    let limits = colloquy_store::ImportLimits { max_messages: 10, max_message_bytes: 1000 };
    let parsed = colloquy_store::ConversationExport::parse(&json, limits).unwrap();
    let copy = store.import_conversation(&alice, &parsed).await.unwrap();
    assert_eq!(path(&store, &alice, &copy).await, shown);
    assert_eq!(store.select_variant(&alice, &copy, 2, 2, 1).await.unwrap(), 4);
    assert_eq!(path(&store, &alice, &copy).await, ["Hi", "First 1/2", "More", "Deep"]);
    // Too many messages counts the variants.
    let small = colloquy_store::ImportLimits { max_messages: 4, max_message_bytes: 1000 };
    assert!(colloquy_store::ConversationExport::parse(&json, small).is_err());
});

both!(a_compared_turn_writes_two_replies_and_either_can_be_chosen, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Compare", "m").await.unwrap();
    let hi = text(Role::User, "Hi");
    store.begin_turn(&alice, &chat.id, &turn(0, 0, Some(&hi))).await.unwrap();
    store.save_reply(&alice, &chat.id, 2, &progress("Hello", Some(MessageStatus::Complete))).await.unwrap();
    let which = text(Role::User, "Which?");
    let (first, second) = store.begin_compared_turn(&alice, &chat.id, &turn(2, 2, Some(&which))).await.unwrap();
    assert_eq!(first, 4);
    assert!(second < 0, "the second reply is off the path: {second}");
    // Both stream; neither may be switched to, and no turn begins, until
    // both have ended.
    store.save_reply(&alice, &chat.id, first, &progress("Left", Some(MessageStatus::Complete))).await.unwrap();
    assert!(matches!(store.select_variant(&alice, &chat.id, 4, 4, 2).await, Err(StoreError::Conflict)));
    let next = text(Role::User, "Next");
    assert!(matches!(store.begin_turn(&alice, &chat.id, &turn(4, 4, Some(&next))).await, Err(StoreError::Conflict)));
    store.save_reply(&alice, &chat.id, second, &progress("Right", Some(MessageStatus::Stopped))).await.unwrap();
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi", "Hello", "Which?", "Left 1/2"]);
    // Choosing the second makes it the reply; the first stays its variant.
    assert_eq!(store.select_variant(&alice, &chat.id, 4, 4, 2).await.unwrap(), 4);
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi", "Hello", "Which?", "Right 2/2"]);
    let (_, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!(messages[3].status, MessageStatus::Stopped);
    // Going on from it, then back to the first message's path, follows
    // the choice (the second reply was never chosen before it was now).
    store.begin_turn(&alice, &chat.id, &turn(4, 4, Some(&next))).await.unwrap();
    store.save_reply(&alice, &chat.id, 6, &progress("Onward", Some(MessageStatus::Complete))).await.unwrap();
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi", "Hello", "Which?", "Right 2/2", "Next", "Onward"]);
    // Undo takes the compared turn with both replies.
    store.undo_turns(&alice, &chat.id, 6, 2).await.unwrap();
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi", "Hello"]);
    let hits = store.search(&alice, "Left", Shelf::All, 10).await.unwrap();
    assert!(hits.is_empty(), "{hits:?}");
});

both!(a_compared_turn_off_the_path_is_never_followed_unchosen, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Compare", "m").await.unwrap();
    let hi = text(Role::User, "Hi");
    let (first, second) = store.begin_compared_turn(&alice, &chat.id, &turn(0, 0, Some(&hi))).await.unwrap();
    store.save_reply(&alice, &chat.id, first, &progress("Left", Some(MessageStatus::Complete))).await.unwrap();
    store.save_reply(&alice, &chat.id, second, &progress("Right", Some(MessageStatus::Complete))).await.unwrap();
    // An Edit of the question, then back to the first question: below it
    // the reply shown is the one that was shown (the first), not the
    // newer second reply that nobody chose.
    let hey = text(Role::User, "Hey");
    store.begin_turn(&alice, &chat.id, &turn(2, 0, Some(&hey))).await.unwrap();
    store.save_reply(&alice, &chat.id, 2, &progress("Hey there", Some(MessageStatus::Complete))).await.unwrap();
    assert_eq!(store.select_variant(&alice, &chat.id, 2, 1, 1).await.unwrap(), 2);
    assert_eq!(path(&store, &alice, &chat.id).await, ["Hi 1/2", "Left 1/2"]);
});
