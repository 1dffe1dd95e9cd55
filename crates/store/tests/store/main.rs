//! The store against both databases: SQLite in a temporary file, and the
//! PostgreSQL at `COLLOQUY_TEST_POSTGRES_URL` (the test command starts one
//! on loopback; see scripts/postgres.sh). Without that variable the
//! PostgreSQL half fails, unless `COLLOQUY_SKIP_POSTGRES=1` says to skip it.

use colloquy_store::{
    ConversationId, FolderId, MessageStatus, NewMessage, ReplyProgress, Role, Shelf, Store, StoreError, TurnStart,
};

/// Runs `check` against each database, each in a fresh schema.
macro_rules! both {
    ($name:ident, $check:expr) => {
        #[tokio::test]
        async fn $name() {
            let dir = tempfile::tempdir().unwrap();
            let sqlite = Store::connect(&format!("sqlite:{}/store.db", dir.path().display())).await.unwrap();
            ($check)(sqlite).await;
            match std::env::var("COLLOQUY_TEST_POSTGRES_URL") {
                Ok(url) => ($check)($crate::fresh_postgres(&url, stringify!($name)).await).await,
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

fn progress(content: &str, status: Option<MessageStatus>) -> ReplyProgress {
    ReplyProgress { content: content.into(), status, ..Default::default() }
}

// After the helpers above, which they use.
mod variants;

both!(conversations_keep_their_messages_in_order, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Trip plans", "test-gpt").await.unwrap();
    assert_eq!(store.append_message(&alice, &chat.id, &text(Role::User, "Where to?")).await.unwrap(), 1);
    let reply = NewMessage { status: MessageStatus::Streaming, ..text(Role::Assistant, "") };
    let seq = store.append_message(&alice, &chat.id, &reply).await.unwrap();
    store.save_reply(&alice, &chat.id, seq, &progress("Lis", None)).await.unwrap();
    let done = ReplyProgress {
        reasoning: "thinking…".into(),
        tokens: Some((12, 3)),
        ..progress("Lisbon.", Some(MessageStatus::Complete))
    };
    store.save_reply(&alice, &chat.id, seq, &done).await.unwrap();

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

both!(a_long_conversation_opens_at_its_end_and_reads_back_in_windows, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let bob = store.create_user(Some("bob"), None).await.unwrap();
    let chat = store.create_conversation(&alice, "Long", "m").await.unwrap();
    for i in 1..=25 {
        let role = if i % 2 == 1 { Role::User } else { Role::Assistant };
        store.append_message(&alice, &chat.id, &text(role, &format!("message {i}"))).await.unwrap();
    }
    let contents = |messages: &[colloquy_store::StoredMessage]| {
        messages.iter().map(|m| (m.seq, m.content.clone())).collect::<Vec<_>>()
    };
    let expected = |seqs: std::ops::RangeInclusive<i64>| seqs.map(|i| (i, format!("message {i}"))).collect::<Vec<_>>();

    let (opened, earlier, newest) = store.open_conversation_end(&alice, &chat.id, 10).await.unwrap();
    assert_eq!((opened.title.as_str(), earlier), ("Long", 15));
    assert_eq!(contents(&newest), expected(16..=25));
    // Windows before it, back to the first message; none before that.
    assert_eq!(contents(&store.messages_before(&alice, &chat.id, 16, 10).await.unwrap()), expected(6..=15));
    assert_eq!(contents(&store.messages_before(&alice, &chat.id, 6, 10).await.unwrap()), expected(1..=5));
    assert!(store.messages_before(&alice, &chat.id, 1, 10).await.unwrap().is_empty());
    // A window wider than the conversation holds all of it.
    let (_, earlier, all) = store.open_conversation_end(&alice, &chat.id, 100).await.unwrap();
    assert_eq!((earlier, contents(&all)), (0, expected(1..=25)));
    // An empty conversation, and someone else's.
    let empty = store.create_conversation(&alice, "Empty", "m").await.unwrap();
    let (_, earlier, none) = store.open_conversation_end(&alice, &empty.id, 10).await.unwrap();
    assert_eq!((earlier, none.len()), (0, 0));
    assert!(matches!(store.open_conversation_end(&bob, &chat.id, 10).await, Err(StoreError::NotFound)));
    assert!(matches!(store.messages_before(&bob, &chat.id, 16, 10).await, Err(StoreError::NotFound)));
});

both!(newest_first_rename_and_delete, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let first = store.create_conversation(&alice, "First", "m").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let second = store.create_conversation(&alice, "Second", "m").await.unwrap();
    let titles = |list: Vec<colloquy_store::ConversationSummary>| list.into_iter().map(|c| c.title).collect::<Vec<_>>();
    assert_eq!(titles(store.list_conversations(&alice, Shelf::All, 50).await.unwrap()), ["Second", "First"]);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    store.append_message(&alice, &first.id, &text(Role::User, "bump")).await.unwrap();
    assert_eq!(titles(store.list_conversations(&alice, Shelf::All, 50).await.unwrap()), ["First", "Second"]);

    store.rename_conversation(&alice, &second.id, "  Renamed  ").await.unwrap();
    assert!(matches!(store.rename_conversation(&alice, &second.id, "   ").await, Err(StoreError::Refused(_))));
    let long = "x".repeat(colloquy_store::MAX_TITLE_CHARS + 1);
    assert!(matches!(store.rename_conversation(&alice, &second.id, &long).await, Err(StoreError::Refused(_))));
    store.delete_conversation(&alice, &first.id).await.unwrap();
    assert_eq!(titles(store.list_conversations(&alice, Shelf::All, 50).await.unwrap()), ["Renamed"]);
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
        store.save_reply(&bob, &chat.id, seq, &progress("gone", Some(MessageStatus::Complete))).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.truncate_after(&bob, &chat.id, 0).await.unwrap(), 0);
    assert!(store.list_conversations(&bob, Shelf::All, 50).await.unwrap().is_empty());
    assert!(store.search(&bob, "secret", Shelf::All, 10).await.unwrap().is_empty());
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
    let hits = store.search(&alice, "lisbon october", Shelf::All, 10).await.unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].conversation.clone(), hits[0].title.as_str(), hits[0].seq), (trip.id.clone(), "Trip", 1));
    assert!(hits[0].snippet.contains("Lisbon"), "{:?}", hits[0].snippet);
    // Query syntax is just words: quotes, operators and stars are not special.
    for odd in ["\"unbalanced", "NEAR(a b)", "cache*", "a OR b -c", "'; DROP TABLE messages; --"] {
        store.search(&alice, odd, Shelf::All, 10).await.unwrap();
    }
    assert_eq!(store.search(&alice, "hashmap", Shelf::All, 10).await.unwrap()[0].title, "Code");
    assert!(store.search(&alice, "   ", Shelf::All, 10).await.unwrap().is_empty());
});

both!(a_reply_is_searchable_once_it_ends, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Zoo", "m").await.unwrap();
    let streaming = NewMessage { status: MessageStatus::Streaming, ..text(Role::Assistant, "") };
    let seq = store.append_message(&alice, &chat.id, &streaming).await.unwrap();
    store.save_reply(&alice, &chat.id, seq, &progress("A zebra", None)).await.unwrap();
    store.save_reply(&alice, &chat.id, seq, &progress("A zebra and an okapi", None)).await.unwrap();
    assert!(
        store.search(&alice, "zebra", Shelf::All, 10).await.unwrap().is_empty(),
        "text still streaming is not indexed"
    );
    store
        .save_reply(&alice, &chat.id, seq, &progress("A zebra and an okapi.", Some(MessageStatus::Complete)))
        .await
        .unwrap();
    assert_eq!(store.search(&alice, "okapi", Shelf::All, 10).await.unwrap().len(), 1);
    // Cut off by a sweep (its status changes, its text does not).
    let cut = store.create_conversation(&alice, "Cut", "m").await.unwrap();
    store.beat().await.unwrap();
    let seq = store.append_message(&alice, &cut.id, &streaming).await.unwrap();
    store.save_reply(&alice, &cut.id, seq, &progress("A zebra ran", None)).await.unwrap();
    store.retire().await.unwrap();
    assert_eq!(
        store.another_replica().interrupt_orphaned_replies(std::time::Duration::from_secs(60)).await.unwrap(),
        1
    );
    assert_eq!(store.search(&alice, "zebra", Shelf::All, 10).await.unwrap().len(), 2);
    // Deleting conversations with replies in both states leaves the index
    // whole: a new message is found, and only it.
    let unfinished = store.create_conversation(&alice, "Unfinished", "m").await.unwrap();
    let seq = store.append_message(&alice, &unfinished.id, &streaming).await.unwrap();
    store.save_reply(&alice, &unfinished.id, seq, &progress("zebra zebra", None)).await.unwrap();
    for id in [&chat.id, &cut.id, &unfinished.id] {
        store.delete_conversation(&alice, id).await.unwrap();
    }
    assert!(store.search(&alice, "zebra", Shelf::All, 10).await.unwrap().is_empty());
    let last = store.create_conversation(&alice, "Last", "m").await.unwrap();
    store.append_message(&alice, &last.id, &text(Role::User, "One zebra more")).await.unwrap();
    let hits = store.search(&alice, "zebra", Shelf::All, 10).await.unwrap();
    assert_eq!((hits.len(), hits[0].title.as_str()), (1, "Last"));
});

both!(many_saves_at_once_each_get_their_own_answer, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Many", "m").await.unwrap();
    let streaming = NewMessage { status: MessageStatus::Streaming, ..text(Role::Assistant, "") };
    let mut seqs = Vec::new();
    for _ in 0..300 {
        seqs.push(store.append_message(&alice, &chat.id, &streaming).await.unwrap());
    }
    // 300 saves in flight together (they share transactions), with one
    // for a reply that does not exist and one by someone else among them.
    let bob = store.create_user(None, None).await.unwrap();
    let saves = seqs.iter().map(|seq| {
        let store = store.clone();
        let (alice, chat, seq) = (alice.clone(), chat.id.clone(), *seq);
        async move { store.save_reply(&alice, &chat, seq, &progress(&format!("reply {seq}"), None)).await }
    });
    let (nowhere, not_mine) = (progress("nowhere", None), progress("not mine", None));
    let (saved, missing, not_bobs) = tokio::join!(
        futures::future::join_all(saves),
        store.save_reply(&alice, &chat.id, 999, &nowhere),
        store.save_reply(&bob, &chat.id, seqs[0], &not_mine),
    );
    assert!(saved.iter().all(Result::is_ok), "{:?}", saved.iter().find(|r| r.is_err()));
    assert!(matches!(missing, Err(StoreError::NotFound)));
    assert!(matches!(not_bobs, Err(StoreError::NotFound)));
    let (_, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    for message in &messages {
        assert_eq!(message.content, format!("reply {}", message.seq));
    }
});

both!(replies_cut_off_by_a_stop_are_marked_interrupted, |store: Store| async move {
    store.beat().await.unwrap();
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Story", "m").await.unwrap();
    let reply = NewMessage { status: MessageStatus::Streaming, ..text(Role::Assistant, "Once upon") };
    store.append_message(&alice, &chat.id, &reply).await.unwrap();
    // A server's restart (this one's is a SQLite file's only server; on
    // PostgreSQL, its replica is silent once the run that wrote it is gone).
    let again = store.another_replica();
    again.beat().await.unwrap();
    let silent = std::time::Duration::from_millis(200);
    let marked = match store.backend() {
        colloquy_store::Backend::Sqlite => again.interrupt_unfinished_at_start(silent).await.unwrap(),
        colloquy_store::Backend::Postgres => {
            // Still alive: a new replica leaves its reply alone…
            assert_eq!(again.interrupt_unfinished_at_start(silent).await.unwrap(), 0);
            assert_eq!(again.live_replicas(silent).await.unwrap(), 2);
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            again.beat().await.unwrap();
            // …until it has been silent too long.
            again.interrupt_orphaned_replies(silent).await.unwrap()
        }
    };
    assert_eq!(marked, 1);
    let (_, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!((messages[0].status, messages[0].content.as_str()), (MessageStatus::Interrupted, "Once upon"));
});

both!(a_live_replicas_replies_are_never_swept, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Live", "m").await.unwrap();
    store.beat().await.unwrap();
    let reply = NewMessage { status: MessageStatus::Streaming, ..text(Role::Assistant, "Still going") };
    store.append_message(&alice, &chat.id, &reply).await.unwrap();
    let other = store.another_replica();
    assert_ne!(other.replica(), store.replica());
    let silent = std::time::Duration::from_millis(400);
    other.beat().await.unwrap();
    assert_eq!(other.interrupt_orphaned_replies(silent).await.unwrap(), 0);
    // Having gone without a word (a graceful stop), it is swept at once.
    store.retire().await.unwrap();
    assert_eq!(other.interrupt_orphaned_replies(silent).await.unwrap(), 1);
    let (_, messages) = other.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!(messages[0].status, MessageStatus::Interrupted);
});

both!(a_turn_starts_only_on_the_conversation_its_sender_saw, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let bob = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Turns", "m").await.unwrap();
    let hello = text(Role::User, "Hello");
    let turn = |expect, keep, message| TurnStart { expect, keep, message, model: "m2", settings: "{\"t\":1}" };
    assert_eq!(store.begin_turn(&alice, &chat.id, &turn(0, 0, Some(&hello))).await.unwrap(), 2);
    // While that reply is written, no other turn starts.
    assert!(matches!(store.begin_turn(&alice, &chat.id, &turn(2, 1, None)).await, Err(StoreError::Conflict)));
    store.save_reply(&alice, &chat.id, 2, &progress("Hi!", Some(MessageStatus::Complete))).await.unwrap();
    // A second tab that still shows the empty conversation is refused, and
    // nothing changes.
    assert!(matches!(store.begin_turn(&alice, &chat.id, &turn(0, 0, Some(&hello))).await, Err(StoreError::Conflict)));
    // Someone else's conversation is not found, whatever they expect.
    assert!(matches!(store.begin_turn(&bob, &chat.id, &turn(2, 2, Some(&hello))).await, Err(StoreError::NotFound)));
    // Retry: keep the user's message, a new empty reply in place of the old.
    assert_eq!(store.begin_turn(&alice, &chat.id, &turn(2, 1, None)).await.unwrap(), 2);
    let (opened, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!((opened.model.as_str(), opened.settings.as_str()), ("m2", "{\"t\":1}"));
    assert_eq!(messages.len(), 2);
    assert_eq!((messages[1].content.as_str(), messages[1].status), ("", MessageStatus::Streaming));
    store.save_reply(&alice, &chat.id, 2, &progress("", Some(MessageStatus::Stopped))).await.unwrap();
    // A failed reply keeps why.
    let failed = ReplyProgress { error: Some("upstream said 500".into()), ..progress("", Some(MessageStatus::Failed)) };
    store.save_reply(&alice, &chat.id, 2, &failed).await.unwrap();
    let (_, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!(messages[1].error.as_deref(), Some("upstream said 500"));
    // Editing the first message: nothing kept, a new message and reply.
    let edited = text(Role::User, "Hello again");
    assert_eq!(store.begin_turn(&alice, &chat.id, &turn(2, 0, Some(&edited))).await.unwrap(), 2);
    let (_, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!(messages[0].content, "Hello again");
    store.save_reply(&alice, &chat.id, 2, &progress("Hi again", Some(MessageStatus::Complete))).await.unwrap();
    // Keeping more than there is is refused.
    assert!(matches!(store.begin_turn(&alice, &chat.id, &turn(2, 3, None)).await, Err(StoreError::Conflict)));
});

both!(sessions_are_stored_found_and_expire, |store: Store| async move {
    use tower_sessions_core::session::{Id, Record};
    use tower_sessions_core::SessionStore;
    let records = store.session_records();
    let in_an_hour = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let mut record = Record { id: Id::default(), data: Default::default(), expiry_date: in_an_hour };
    record.data.insert("user".into(), serde_json::json!("abc"));
    let taken = record.id;
    records.create(&mut record).await.unwrap();
    let loaded = records.load(&record.id).await.unwrap().expect("stored");
    assert_eq!(loaded.data, record.data);
    assert_eq!(loaded.expiry_date.unix_timestamp(), in_an_hour.unix_timestamp());
    // Creating with an id in use draws another instead of overwriting.
    let mut other = Record { id: taken, data: Default::default(), expiry_date: in_an_hour };
    records.create(&mut other).await.unwrap();
    assert_ne!(other.id, taken);
    assert_eq!(records.load(&taken).await.unwrap().unwrap().data, record.data);
    // Expired: not loaded, and swept.
    let expired =
        Record { id: Id::default(), data: Default::default(), expiry_date: in_an_hour - time::Duration::hours(2) };
    records.save(&expired).await.unwrap();
    assert!(records.load(&expired.id).await.unwrap().is_none());
    assert_eq!(store.delete_expired_sessions().await.unwrap(), 1);
    records.delete(&taken).await.unwrap();
    assert!(records.load(&taken).await.unwrap().is_none());
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

both!(accounts_proxy_users_and_the_feedback_dataset, |store: Store| async move {
    let alice = store.create_account("  Alice@Example.org ", "$argon2id$fake", true).await.unwrap();
    assert!(matches!(store.create_account("alice@example.org", "h", false).await, Err(StoreError::Refused(_))));
    assert!(matches!(store.create_account("two words", "h", false).await, Err(StoreError::Refused(_))));
    let account = store.account("ALICE@example.org").await.unwrap().expect("found by any case");
    assert_eq!(
        (account.id.clone(), account.name.as_str(), account.is_admin),
        (alice.clone(), "alice@example.org", true)
    );
    assert_eq!(account.password_hash.as_deref(), Some("$argon2id$fake"));
    assert!(store.account("nobody").await.unwrap().is_none());
    assert!(store.account("../../etc").await.unwrap().is_none());
    // A proxy's user is made once, then found.
    let bob = store.proxy_user("Bob").await.unwrap();
    assert_eq!(store.proxy_user("bob").await.unwrap(), bob);
    assert_eq!(store.user(&bob).await.unwrap().unwrap().password_hash, None);
    store.create_user(None, None).await.unwrap();

    let chat = store.create_conversation(&bob, "Q", "m").await.unwrap();
    let turn = TurnStart { expect: 0, keep: 0, message: Some(&text(Role::User, "2+2?")), model: "m", settings: "{}" };
    let seq = store.begin_turn(&bob, &chat.id, &turn).await.unwrap();
    store.save_reply(&bob, &chat.id, seq, &progress("4", Some(MessageStatus::Complete))).await.unwrap();
    assert!(matches!(store.save_feedback(&alice, &chat.id, seq, Some("like"), "").await, Err(StoreError::NotFound)));
    store.save_feedback(&bob, &chat.id, seq, Some("dislike"), "too terse").await.unwrap();
    let dataset = store.all_feedback().await.unwrap();
    assert_eq!(dataset.len(), 1);
    let record = &dataset[0];
    assert_eq!((record.user.as_deref(), record.prompt.as_str(), record.reply.as_str()), (Some("bob"), "2+2?", "4"));
    assert_eq!((record.rating.as_deref(), record.comment.as_str()), (Some("dislike"), "too terse"));

    let (users, anonymous) = store.list_users().await.unwrap();
    let names: Vec<_> = users.iter().map(|u| (u.name.as_str(), u.is_admin, u.conversations)).collect();
    assert_eq!(names, [("alice@example.org", true, 0), ("bob", false, 1)]);
    assert_eq!(anonymous, 1);
});

both!(share_links_are_the_owners_to_make_and_revoke, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let bob = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Secret plans", "m").await.unwrap();
    store.append_message(&alice, &chat.id, &text(Role::User, "the heist")).await.unwrap();
    assert!(!store.is_shared(&alice, &chat.id).await.unwrap());
    assert!(matches!(store.share_conversation(&bob, &chat.id).await, Err(StoreError::NotFound)));
    assert!(matches!(store.is_shared(&bob, &chat.id).await, Err(StoreError::NotFound)));
    // One link per conversation: a new one replaces the old (only hashes
    // are kept, so an old link cannot be shown again).
    let old = store.share_conversation(&alice, &chat.id).await.unwrap();
    let token = store.share_conversation(&alice, &chat.id).await.unwrap();
    assert_ne!(old, token);
    assert!(matches!(store.shared_conversation(&old).await, Err(StoreError::NotFound)), "the old link is gone");
    assert!(store.is_shared(&alice, &chat.id).await.unwrap());
    let (shared, messages) = store.shared_conversation(&token).await.unwrap();
    assert_eq!((shared.title.as_str(), messages[0].content.as_str()), ("Secret plans", "the heist"));
    assert!(matches!(store.revoke_share(&bob, &chat.id).await, Err(StoreError::NotFound)));
    assert!(store.shared_conversation(&token).await.is_ok(), "bob's revoke changed nothing");
    store.revoke_share(&alice, &chat.id).await.unwrap();
    assert!(matches!(store.shared_conversation(&token).await, Err(StoreError::NotFound)));
    // Deleting the conversation ends its links too.
    let token = store.share_conversation(&alice, &chat.id).await.unwrap();
    store.delete_conversation(&alice, &chat.id).await.unwrap();
    assert!(matches!(store.shared_conversation(&token).await, Err(StoreError::NotFound)));
});

both!(automatic_titles_never_overwrite_a_rename, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Plan a trip", "m").await.unwrap();
    assert!(store.retitle_conversation(&alice, &chat.id, "Plan a trip", "Lisbon trip").await.unwrap());
    store.rename_conversation(&alice, &chat.id, "My name").await.unwrap();
    assert!(!store.retitle_conversation(&alice, &chat.id, "Lisbon trip", "Late model title").await.unwrap());
    let bob = store.create_user(None, None).await.unwrap();
    assert!(!store.retitle_conversation(&bob, &chat.id, "My name", "Bob's").await.unwrap());
    assert_eq!(store.open_conversation(&alice, &chat.id).await.unwrap().0.title, "My name");
});

both!(an_import_is_stored_whole_as_the_importers_own, |store: Store| async move {
    use colloquy_store::{ConversationExport, ImportLimits};
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Trip", "m").await.unwrap();
    let turn =
        TurnStart { expect: 0, keep: 0, message: Some(&text(Role::User, "Where?")), model: "m", settings: "{\"t\":1}" };
    let seq = store.begin_turn(&alice, &chat.id, &turn).await.unwrap();
    store.save_reply(&alice, &chat.id, seq, &progress("Lisbon", None)).await.unwrap();
    let (conversation, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    let export = ConversationExport::new(&conversation, &messages, &[]);
    assert_eq!(export.messages[1].status, "interrupted", "a reply still streaming exports as cut off");
    let json = serde_json::to_vec(&export).unwrap();
    let limits = ImportLimits { max_messages: 100, max_message_bytes: 1000 };
    let parsed = ConversationExport::parse(&json, limits).unwrap();
    let bob = store.create_user(None, None).await.unwrap();
    let copy = store.import_conversation(&bob, &parsed).await.unwrap();
    let (imported, messages) = store.open_conversation(&bob, &copy).await.unwrap();
    assert_eq!((imported.title.as_str(), imported.settings.as_str()), ("Trip", "{\"t\":1}"));
    let texts: Vec<_> = messages.iter().map(|m| (m.seq, m.content.as_str(), m.status)).collect();
    assert_eq!(texts, [(1, "Where?", MessageStatus::Complete), (2, "Lisbon", MessageStatus::Interrupted)]);
    assert!(matches!(store.open_conversation(&alice, &copy).await, Err(StoreError::NotFound)));
    let hits = store.search(&bob, "lisbon", Shelf::All, 10).await.unwrap();
    assert_eq!(hits.len(), 1, "imported messages are searchable");
});

both!(a_replys_panels_are_kept_exported_and_imported, |store: Store| async move {
    use colloquy_store::{ConversationExport, ImportLimits};
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Sums", "m").await.unwrap();
    let turn = TurnStart { expect: 0, keep: 0, message: Some(&text(Role::User, "2+3?")), model: "m", settings: "{}" };
    let seq = store.begin_turn(&alice, &chat.id, &turn).await.unwrap();
    let panels = r#"[{"id":"tool-1-0","parent":null,"title":"Tool: add","pending":false,"failed":false,"text":"result: 5","duration_ms":4}]"#;
    let done = ReplyProgress { panels: Some(panels.into()), ..progress("5", Some(MessageStatus::Complete)) };
    store.save_reply(&alice, &chat.id, seq, &done).await.unwrap();
    // A later save without panels keeps them.
    store.save_reply(&alice, &chat.id, seq, &progress("5.", Some(MessageStatus::Complete))).await.unwrap();
    let (conversation, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!(messages[0].panels, "[]", "a message without panels");
    assert_eq!(messages[1].panels, panels);

    let export = ConversationExport::new(&conversation, &messages, &[]);
    assert_eq!(export.messages[1].panels[0]["title"], "Tool: add");
    assert!(export.to_markdown().contains("*Tool: add (done)*"), "{}", export.to_markdown());
    let json = serde_json::to_vec(&export).unwrap();
    let limits = ImportLimits { max_messages: 100, max_message_bytes: 1000 };
    let parsed = ConversationExport::parse(&json, limits).unwrap();
    let copy = store.import_conversation(&alice, &parsed).await.unwrap();
    let (_, imported) = store.open_conversation(&alice, &copy).await.unwrap();
    let read = |json: &str| serde_json::from_str::<serde_json::Value>(json).unwrap();
    assert_eq!(read(&imported[1].panels), read(panels));

    // Panels an import may not carry: not objects, or too many bytes.
    let mut bad = export.clone();
    bad.messages[1].panels = vec![serde_json::json!("a string")];
    assert!(ConversationExport::parse(&serde_json::to_vec(&bad).unwrap(), limits).is_err());
    bad.messages[1].panels = vec![serde_json::json!({ "text": "x".repeat(2000) })];
    assert!(ConversationExport::parse(&serde_json::to_vec(&bad).unwrap(), limits).is_err());
});

/// Session ids and share tokens are bearer secrets: the database holds only
/// their hashes, and rows written before that are upgraded on connecting,
/// so nobody is logged out and no link breaks.
#[tokio::test]
async fn bearer_secrets_are_stored_as_hashes_and_old_rows_are_upgraded() {
    use sqlx::{Connection, Row};
    use tower_sessions_core::session::{Id, Record};
    use tower_sessions_core::SessionStore;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}/store.db", dir.path().display());
    let store = Store::connect(&url).await.unwrap();
    let in_an_hour = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let mut record = Record { id: Id::default(), data: Default::default(), expiry_date: in_an_hour };
    store.session_records().create(&mut record).await.unwrap();
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "Shared", "m").await.unwrap();
    let token = store.share_conversation(&alice, &chat.id).await.unwrap();

    let mut raw = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let ids: Vec<String> =
        sqlx::query("SELECT id FROM sessions").fetch_all(&mut raw).await.unwrap().iter().map(|r| r.get("id")).collect();
    assert_eq!(ids.len(), 1);
    assert_ne!(ids[0], record.id.to_string());
    assert_eq!(ids[0].len(), 64);
    let row = sqlx::query("SELECT token, token_hash FROM shares").fetch_one(&mut raw).await.unwrap();
    let (kept, hash): (String, String) = (row.get(0), row.get(1));
    assert_ne!(hash, token.as_str());
    assert_eq!(kept, hash, "the token itself is stored nowhere");

    // Rows as an older version wrote them: the raw id, the raw token and
    // no token hash.
    let old_session = Id::default();
    sqlx::query("INSERT INTO sessions (id, data, expiry_ms) VALUES ($1, '{}', $2)")
        .bind(old_session.to_string())
        .bind(in_an_hour.unix_timestamp() * 1000)
        .execute(&mut raw)
        .await
        .unwrap();
    sqlx::query("UPDATE shares SET token = $1, token_hash = NULL")
        .bind(token.as_str())
        .execute(&mut raw)
        .await
        .unwrap();
    drop(store);
    let store = Store::connect(&url).await.unwrap();
    assert!(store.session_records().load(&old_session).await.unwrap().is_some(), "an old session still signs in");
    assert!(store.session_records().load(&record.id).await.unwrap().is_some());
    let (shared, _) = store.shared_conversation(&token).await.unwrap();
    assert_eq!(shared.title, "Shared");
    let leaked: i64 = sqlx::query("SELECT COUNT(*) FROM shares WHERE token = $1 OR token_hash = $1")
        .bind(token.as_str())
        .fetch_one(&mut raw)
        .await
        .unwrap()
        .get(0);
    assert_eq!(leaked, 0, "an old row's token is replaced by its hash");
    // A guess that differs only in its last digit finds nothing.
    let mut guess = token.as_str().to_string();
    let last = if guess.ends_with('0') { "1" } else { "0" };
    guess.replace_range(63.., last);
    let guess = colloquy_store::ShareToken::parse(&guess).unwrap();
    assert!(matches!(store.shared_conversation(&guess).await, Err(StoreError::NotFound)));
}

both!(a_nul_in_a_message_or_reply_is_stored_on_both_databases, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let chat = store.create_conversation(&alice, "NUL", "m").await.unwrap();
    store.append_message(&alice, &chat.id, &text(Role::User, "a\0b")).await.unwrap();
    let reply = NewMessage { status: MessageStatus::Streaming, ..text(Role::Assistant, "") };
    let seq = store.append_message(&alice, &chat.id, &reply).await.unwrap();
    store.save_reply(&alice, &chat.id, seq, &progress("x\0y", Some(MessageStatus::Complete))).await.unwrap();
    let (_, messages) = store.open_conversation(&alice, &chat.id).await.unwrap();
    assert_eq!(messages[0].content, "a\u{FFFD}b");
    assert_eq!(messages[1].content, "x\u{FFFD}y");
});

both!(pinned_first_and_folders_that_never_take_their_conversations, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    let bob = store.create_user(Some("bob"), None).await.unwrap();
    let titles = |list: Vec<colloquy_store::ConversationSummary>| list.into_iter().map(|c| c.title).collect::<Vec<_>>();
    let mut made = Vec::new();
    for title in ["Oldest", "Middle", "Newest"] {
        made.push(store.create_conversation(&alice, title, "m").await.unwrap());
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    // Times are milliseconds: each change a few apart, so none tie.
    store.append_message(&alice, &made[0].id, &text(Role::User, "Lisbon in spring")).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    store.append_message(&alice, &made[2].id, &text(Role::User, "Lisbon in autumn")).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    // Pinned first, the most recently pinned on top; pinning is no edit.
    store.pin_conversation(&alice, &made[1].id, true).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    store.pin_conversation(&alice, &made[0].id, true).await.unwrap();
    let list = store.list_conversations(&alice, Shelf::All, 50).await.unwrap();
    assert_eq!(titles(list.clone()), ["Oldest", "Middle", "Newest"]);
    assert_eq!(list.iter().map(|c| c.pinned).collect::<Vec<_>>(), [true, true, false]);
    store.pin_conversation(&alice, &made[0].id, false).await.unwrap();
    assert_eq!(titles(store.list_conversations(&alice, Shelf::All, 50).await.unwrap()), ["Middle", "Newest", "Oldest"]);

    // A folder: filed conversations show in it, and in the whole list.
    let work = store.create_folder(&alice, "  Work ").await.unwrap();
    assert_eq!(work.name, "Work");
    let home = store.create_folder(&alice, "Home").await.unwrap();
    store.move_to_folder(&alice, &made[0].id, Some(&work.id)).await.unwrap();
    store.move_to_folder(&alice, &made[2].id, Some(&work.id)).await.unwrap();
    let in_work = store.list_conversations(&alice, Shelf::Folder(&work.id), 50).await;
    let in_work = in_work.unwrap();
    assert_eq!(titles(in_work.clone()), ["Newest", "Oldest"]);
    assert!(in_work.iter().all(|c| c.folder.as_ref() == Some(&work.id)));
    assert_eq!(store.list_conversations(&alice, Shelf::All, 50).await.unwrap().len(), 3);
    assert!(store.list_conversations(&alice, Shelf::Folder(&home.id), 50).await.unwrap().is_empty());
    let names: Vec<String> = store.list_folders(&alice).await.unwrap().into_iter().map(|f| f.name).collect();
    assert_eq!(names, ["Home", "Work"]);
    // Search within a folder, and everywhere.
    assert_eq!(store.search(&alice, "lisbon", Shelf::Folder(&work.id), 10).await.unwrap().len(), 2);
    assert!(store.search(&alice, "lisbon", Shelf::Folder(&home.id), 10).await.unwrap().is_empty());
    store.move_to_folder(&alice, &made[2].id, None).await.unwrap();
    assert_eq!(titles(store.list_conversations(&alice, Shelf::Folder(&work.id), 50).await.unwrap()), ["Oldest"]);
    assert_eq!(store.search(&alice, "lisbon", Shelf::All, 10).await.unwrap().len(), 2);

    // Renamed; names are checked.
    store.rename_folder(&alice, &work.id, "Job").await.unwrap();
    assert!(matches!(store.rename_folder(&alice, &work.id, " ").await, Err(StoreError::Refused(_))));
    let long = "x".repeat(colloquy_store::MAX_FOLDER_NAME_CHARS + 1);
    assert!(matches!(store.create_folder(&alice, &long).await, Err(StoreError::Refused(_))));

    // Another person: every folder and conversation of Alice's is not found.
    assert!(store.list_folders(&bob).await.unwrap().is_empty());
    assert!(store.list_conversations(&bob, Shelf::Folder(&work.id), 50).await.unwrap().is_empty());
    let bobs = store.create_conversation(&bob, "Bob's", "m").await.unwrap();
    assert!(matches!(store.move_to_folder(&bob, &bobs.id, Some(&work.id)).await, Err(StoreError::NotFound)));
    assert!(matches!(store.move_to_folder(&bob, &made[1].id, None).await, Err(StoreError::NotFound)));
    assert!(matches!(store.pin_conversation(&bob, &made[1].id, false).await, Err(StoreError::NotFound)));
    assert!(matches!(store.rename_folder(&bob, &work.id, "Mine").await, Err(StoreError::NotFound)));
    assert!(matches!(store.delete_folder(&bob, &work.id).await, Err(StoreError::NotFound)));
    let bobs_folder = store.create_folder(&bob, "Bob's folder").await.unwrap();
    assert!(matches!(
        store.move_to_folder(&alice, &made[1].id, Some(&bobs_folder.id)).await,
        Err(StoreError::NotFound)
    ));
    let unknown = FolderId::parse(&"0".repeat(32)).unwrap();
    assert!(matches!(store.move_to_folder(&alice, &made[1].id, Some(&unknown)).await, Err(StoreError::NotFound)));

    // Deleting a folder keeps its conversations, back in the list.
    store.delete_folder(&alice, &work.id).await.unwrap();
    let list = store.list_conversations(&alice, Shelf::All, 50).await.unwrap();
    assert_eq!(list.len(), 3);
    assert!(list.iter().all(|c| c.folder.is_none()), "{list:?}");
    assert!(store.open_conversation(&alice, &made[0].id).await.is_ok());
    assert_eq!(store.list_folders(&alice).await.unwrap().len(), 1);
    // Deleting a conversation leaves its folder.
    store.move_to_folder(&alice, &made[1].id, Some(&home.id)).await.unwrap();
    store.delete_conversation(&alice, &made[1].id).await.unwrap();
    assert!(store.list_conversations(&alice, Shelf::Folder(&home.id), 50).await.unwrap().is_empty());
});

both!(a_person_has_at_most_so_many_folders, |store: Store| async move {
    let alice = store.create_user(None, None).await.unwrap();
    for i in 0..colloquy_store::MAX_FOLDERS {
        store.create_folder(&alice, &format!("F{i}")).await.unwrap();
    }
    assert!(matches!(store.create_folder(&alice, "One more").await, Err(StoreError::Refused(_))));
    let bob = store.create_user(Some("bob"), None).await.unwrap();
    store.create_folder(&bob, "Bob's first").await.unwrap();
});
