//! The store against both databases: SQLite in a temporary file, and the
//! PostgreSQL at `COLLOQUY_TEST_POSTGRES_URL` (the test command starts one
//! on loopback; see scripts/postgres.sh). Without that variable the
//! PostgreSQL half fails, unless `COLLOQUY_SKIP_POSTGRES=1` says to skip it.

use colloquy_store::{ConversationId, MessageStatus, NewMessage, Role, Store, StoreError};

/// Runs `check` against each database, each in a fresh schema.
macro_rules! both {
    ($name:ident, $check:expr) => {
        #[tokio::test]
        async fn $name() {
            let dir = tempfile::tempdir().unwrap();
            let sqlite = Store::connect(&format!("sqlite:{}/store.db", dir.path().display())).await.unwrap();
            ($check)(sqlite).await;
            match std::env::var("COLLOQUY_TEST_POSTGRES_URL") {
                Ok(url) => ($check)(fresh_postgres(&url, stringify!($name)).await).await,
                Err(_) if std::env::var("COLLOQUY_SKIP_POSTGRES").as_deref() == Ok("1") => {
                    eprintln!("PostgreSQL half skipped (COLLOQUY_SKIP_POSTGRES=1)")
                }
                Err(_) => panic!(
                    "set COLLOQUY_TEST_POSTGRES_URL (scripts/postgres.sh starts one) or COLLOQUY_SKIP_POSTGRES=1"
                ),
            }
        }
    };
}

/// A database of its own for one test, so tests run in parallel.
async fn fresh_postgres(url: &str, name: &str) -> Store {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(url).await.expect("PostgreSQL reachable");
    let db = format!("colloquy_test_{name}");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")).execute(&mut admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {db}")).execute(&mut admin).await.unwrap();
    let (base, _) = url.rsplit_once('/').expect("a URL with a database name");
    Store::connect(&format!("{base}/{db}")).await.unwrap()
}

fn text(role: Role, content: &str) -> NewMessage {
    NewMessage {
        role,
        content: content.into(),
        reasoning: String::new(),
        attachments: "[]".into(),
        status: MessageStatus::Complete,
    }
}

both!(conversations_keep_their_messages_in_order, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Trip plans", "test-gpt").await.unwrap();
    assert_eq!(store.append_message(&alice, &chat.id, &text(Role::User, "Where to?")).await.unwrap(), 1);
    let reply = NewMessage { status: MessageStatus::Streaming, ..text(Role::Assistant, "") };
    let seq = store.append_message(&alice, &chat.id, &reply).await.unwrap();
    store.save_reply(&alice, &chat.id, seq, "Lis", "", MessageStatus::Streaming, None).await.unwrap();
    store
        .save_reply(&alice, &chat.id, seq, "Lisbon.", "thinking…", MessageStatus::Complete, Some((12, 3)))
        .await
        .unwrap();

    let (opened, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!((opened.title.as_str(), opened.model.as_str()), ("Trip plans", "test-gpt"));
    assert_eq!(messages.len(), 2);
    assert_eq!((messages[0].role, messages[0].content.as_str()), (Role::User, "Where to?"));
    let last = &messages[1];
    assert_eq!(
        (last.content.as_str(), last.reasoning.as_str(), last.status),
        ("Lisbon.", "thinking…", MessageStatus::Complete)
    );
    assert_eq!((last.prompt_tokens, last.completion_tokens), (Some(12), Some(3)));

    // Regenerating drops what followed.
    assert_eq!(store.truncate_after(&alice, &chat.id, 1).await.unwrap(), 1);
    assert_eq!(store.open_conversation(&alice, &chat.id).await.unwrap().1.len(), 1);
});

both!(newest_first_rename_and_delete, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let first = store.create_conversation(&alice, "First", "m").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let second = store.create_conversation(&alice, "Second", "m").await.unwrap();
    let titles = |list: Vec<colloquy_store::ConversationSummary>| list.into_iter().map(|c| c.title).collect::<Vec<_>>();
    assert_eq!(titles(store.list_conversations(&alice, 50).await.unwrap()), ["Second", "First"]);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    store.append_message(&alice, &first.id, &text(Role::User, "bump")).await.unwrap();
    assert_eq!(titles(store.list_conversations(&alice, 50).await.unwrap()), ["First", "Second"]);

    store.rename_conversation(&alice, &second.id, "  Renamed  ").await.unwrap();
    assert!(matches!(store.rename_conversation(&alice, &second.id, "   ").await, Err(StoreError::Invalid(_))));
    let long = "x".repeat(colloquy_store::MAX_TITLE_CHARS + 1);
    assert!(matches!(store.rename_conversation(&alice, &second.id, &long).await, Err(StoreError::Invalid(_))));
    store.delete_conversation(&alice, &first.id).await.unwrap();
    assert_eq!(titles(store.list_conversations(&alice, 50).await.unwrap()), ["Renamed"]);
    assert!(matches!(store.open_conversation(&alice, &first.id).await, Err(StoreError::NotFound)));
});

both!(another_owner_finds_nothing, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let bob = store.create_user(Some("bob"), None).await.unwrap();
    let chat = store.create_conversation(&alice, "Private", "m").await.unwrap();
    let seq = store.append_message(&alice, &chat.id, &text(Role::Assistant, "secret plans")).await.unwrap();

    assert!(matches!(store.open_conversation(&bob, &chat.id).await, Err(StoreError::NotFound)));
    assert!(matches!(store.rename_conversation(&bob, &chat.id, "Mine").await, Err(StoreError::NotFound)));
    assert!(matches!(store.delete_conversation(&bob, &chat.id).await, Err(StoreError::NotFound)));
    assert!(matches!(store.append_message(&bob, &chat.id, &text(Role::User, "hi")).await, Err(StoreError::NotFound)));
    assert!(matches!(
        store.save_reply(&bob, &chat.id, seq, "gone", "", MessageStatus::Complete, None).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.truncate_after(&bob, &chat.id, 0).await.unwrap(), 0);
    assert!(store.list_conversations(&bob, 50).await.unwrap().is_empty());
    assert!(store.search(&bob, "secret", 10).await.unwrap().is_empty());
    // Alice's data is untouched.
    let (opened, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!((opened.title.as_str(), messages[0].content.as_str()), ("Private", "secret plans"));
    // An id that does not exist reads the same as someone else's.
    let unknown = ConversationId::parse(&"0".repeat(32)).unwrap();
    assert!(matches!(store.open_conversation(&alice, &unknown).await, Err(StoreError::NotFound)));
});

both!(search_finds_words_in_ones_own_messages, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let trip = store.create_conversation(&alice, "Trip", "m").await.unwrap();
    let code = store.create_conversation(&alice, "Code", "m").await.unwrap();
    store.append_message(&alice, &trip.id, &text(Role::User, "Is Lisbon warm in October?")).await.unwrap();
    store.append_message(&alice, &code.id, &text(Role::Assistant, "Use a HashMap for the cache.")).await.unwrap();
    let hits = store.search(&alice, "lisbon october", 10).await.unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].conversation.clone(), hits[0].title.as_str(), hits[0].seq), (trip.id.clone(), "Trip", 1));
    assert!(hits[0].snippet.contains("Lisbon"), "{:?}", hits[0].snippet);
    // Query syntax is just words: quotes, operators and stars are not special.
    for odd in ["\"unbalanced", "NEAR(a b)", "cache*", "a OR b -c", "'; DROP TABLE messages; --"] {
        store.search(&alice, odd, 10).await.unwrap();
    }
    assert_eq!(store.search(&alice, "hashmap", 10).await.unwrap()[0].title, "Code");
    assert!(store.search(&alice, "   ", 10).await.unwrap().is_empty());
});

both!(replies_cut_off_by_a_stop_are_marked_interrupted, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Story", "m").await.unwrap();
    let reply = NewMessage { status: MessageStatus::Streaming, ..text(Role::Assistant, "Once upon") };
    store.append_message(&alice, &chat.id, &reply).await.unwrap();
    assert_eq!(store.mark_unfinished_interrupted().await.unwrap(), 1);
    let (_, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!((messages[0].status, messages[0].content.as_str()), (MessageStatus::Interrupted, "Once upon"));
});

#[tokio::test]
async fn bad_urls_say_what_is_expected() {
    for url in ["mysql://x", "sqlite::memory:", "sqlite:"] {
        let err = Store::connect(url).await.err().expect("refused");
        assert!(matches!(err, StoreError::Url(_)), "{url}: {err}");
    }
    let err = Store::connect("postgres://nobody@127.0.0.1:1/none").await.err().expect("refused");
    assert!(err.to_string().starts_with("cannot open the database"), "{err}");
}
