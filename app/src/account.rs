//! Signing in and out (`password` mode), and the admin page. The forms
//! are plain HTML forms posting to the server functions beside them, so
//! they work with or without JavaScript; each answers with a redirect.

use colloquy_wire::AppError;
use leptos::prelude::*;

use colloquy_wire::PageSettings;

use crate::i18n::{say, t, tf};

/// `/login` and `/signup`.
#[component]
pub fn SignInPage(settings: PageSettings, signup: bool) -> impl IntoView {
    let next = settings.auth.next.clone().unwrap_or_else(|| "/".into());
    let (title, action, button) = if signup {
        (t("sign-up"), "/api/sign_up", t("sign-up.button"))
    } else {
        (t("sign-in"), "/api/sign_in", t("sign-in"))
    };
    let other = (settings.auth.signup && !signup).then(|| {
        view! { <p class="note">{t("sign-up.ask")} " " <a href="/signup">{t("sign-up.link")}</a></p> }
    });
    let back = signup.then(|| view! { <p class="note">{t("sign-in.ask")} " " <a href="/login">{t("sign-in")}</a></p> });
    view! {
        <main class="sign-in">
            <h1>{settings.title.clone()}</h1>
            <h2>{title}</h2>
            {settings.error.as_ref().map(|error| view! { <p class="composer-error" role="alert">{say(error)}</p> })}
            <form method="post" action=action>
                <input type="hidden" name="next" value=next/>
                <label>{t("account-name")} " " <input type="text" name="name" autocomplete="username" required maxlength="64"/></label>
                <label>
                    {t("account-password")}
                    " "
                    <input
                        type="password"
                        name="password"
                        autocomplete=if signup { "new-password" } else { "current-password" }
                        required
                        minlength=if signup { "8" } else { "1" }
                        maxlength="1024"
                    />
                </label>
                <button type="submit" class="primary">{button}</button>
            </form>
            {other}
            {back}
        </main>
    }
}

/// `/admin`: the users, and the feedback dataset to download.
#[component]
pub fn AdminPage(settings: PageSettings) -> impl IntoView {
    let Some(admin) = settings.admin.clone() else {
        return view! { <p class="not-found">{t("page-not-found")}</p> }.into_any();
    };
    view! {
        <main class="admin">
            <p><a href="/">{t("admin.back")}</a></p>
            <h1>{t("admin")}</h1>
            <h2>{t("admin-feedback")}</h2>
            <p>
                {t("admin-feedback.about")}
                " "
                <a href="/admin/feedback.jsonl" download="feedback.jsonl">{t("admin-feedback.download")}</a>
            </p>
            <h2>{t("admin-users")}</h2>
            <p class="note">{tf("admin-users.anonymous", &[("count", admin.anonymous.into())])}</p>
            <table>
                <thead>
                    <tr><th>{t("account-name")}</th><th>{t("admin-users.admin")}</th><th>{t("conversations")}</th></tr>
                </thead>
                <tbody>
                    {admin
                        .users
                        .into_iter()
                        .map(|user| {
                            view! {
                                <tr>
                                    <td>{user.name}</td>
                                    <td>{if user.is_admin { t("admin-users.yes") } else { "" }}</td>
                                    <td>{user.conversations.to_string()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </main>
    }
    .into_any()
}

/// Who is signed in, with Sign out (in the sidebar).
#[component]
pub fn SignedIn(settings: PageSettings) -> impl IntoView {
    let auth = settings.auth;
    let name = auth.user.clone()?;
    let admin = auth.is_admin.then(|| view! { <a href="/admin">{t("admin-users.admin")}</a> });
    let sign_out = (auth.mode == colloquy_wire::SignInMode::Password).then(|| {
        view! {
            <form method="post" action="/api/sign_out">
                <button type="submit">{t("sign-out")}</button>
            </form>
        }
    });
    Some(view! {
        <div class="signed-in">
            <span class="user-name" title=t("signed-in")>{name}</span>
            {admin}
            {sign_out}
        </div>
    })
}

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::request::prelude::*;
    pub use colloquy_limits::Action;
    pub use leptos::prelude::*;

    /// Sends the browser to `to` (a plain form post's answer).
    pub fn go(to: &str) {
        leptos_axum::redirect(to);
    }

    /// Back to the sign-in form with why.
    pub async fn refuse(request: &Request, signup: bool, next: &str, why: Said) {
        if let Some(session) = request.session() {
            if let Err(e) = crate::identity::set_flash(&session, "", &why).await {
                tracing::error!("flash: {e}");
            }
        }
        let page = if signup { "/signup" } else { "/login" };
        let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
        go(&format!("{page}?next={next}"));
    }

    /// A throttled form post is sent back to its form with the reason,
    /// and answered 429 with `Retry-After`, so a program posting it
    /// knows as well as a person does.
    pub fn answer_too_many(limited: colloquy_limits::Limited) {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::TOO_MANY_REQUESTS);
            response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(limited.retry_after_secs()));
        }
    }
}

/// Signs in with a name and password (`password` mode). Throttled per
/// account and per address; a wrong name and a wrong password read the
/// same and take the same time.
#[server(endpoint = "sign_in")]
pub async fn sign_in(name: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let state = &request.state;
    let next = colloquy_auth::next_url(next.as_deref());
    if state.config.auth.mode != colloquy_config::AuthMode::Password {
        return Err(not_found(Thing::Page));
    }
    // The name as the store keeps it (trimmed, case-folded): the budget is
    // that account's however the name is spelled, and a name no account
    // can have is refused before any budget is touched. Only the
    // normalised name is ever logged (no line breaks from a form).
    let Ok(name) = colloquy_store::normalize_name(&name) else {
        tracing::info!("sign-in refused: not an account name");
        refuse(&request, false, &next, Said::new("error-sign-in-mismatch")).await;
        return Ok(());
    };
    if let Err(limited) = state.limits.check(Action::Login, &name, request.client_ip()).await {
        tracing::warn!(name = %name, "sign-in throttled");
        // 429 for a program; a browser's form post is sent back to the form.
        answer_too_many(limited);
        refuse(&request, false, &next, limited_message(limited, "error-too-fast-sign-in")).await;
        return Ok(());
    }
    let account = state.store.account(&name).await.map_err(|e| store_error(Thing::Account, e))?;
    let hash = account.as_ref().and_then(|a| a.password_hash.clone());
    let matches = state.hasher.verify(password, hash).await;
    match account.filter(|_| matches) {
        Some(account) => {
            let session =
                request.session().ok_or_else(|| server_error("error-server-setup", "sessions are not set up"))?;
            crate::identity::sign_in(&session, &account.id).await.map_err(|e| server_error("error-session", e))?;
            tracing::info!(user = %account.name, "signed in");
            go(&next);
        }
        None => {
            tracing::info!("sign-in refused");
            refuse(&request, false, &next, Said::new("error-sign-in-mismatch")).await;
        }
    }
    Ok(())
}

/// Creates an account and signs in (`password` mode with `auth.signup`).
#[server(endpoint = "sign_up")]
pub async fn sign_up(name: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let state = &request.state;
    let next = colloquy_auth::next_url(next.as_deref());
    let auth = &state.config.auth;
    if auth.mode != colloquy_config::AuthMode::Password || !auth.signup {
        return Err(not_found(Thing::Page));
    }
    let name = match colloquy_store::normalize_name(&name) {
        Ok(name) => name,
        Err(e) => {
            refuse(&request, true, &next, store_error(Thing::Account, e).said()).await;
            return Ok(());
        }
    };
    if let Err(limited) = state.limits.check(Action::Login, &name, request.client_ip()).await {
        answer_too_many(limited);
        refuse(&request, true, &next, limited_message(limited, "error-too-fast-sign-up")).await;
        return Ok(());
    }
    let hash = match state.hasher.hash(password).await {
        Ok(hash) => hash,
        Err(colloquy_auth::passwords::PasswordError::TooShort) => {
            let why = Said::new("error-password-too-short").number("min", colloquy_auth::passwords::MIN_CHARS);
            refuse(&request, true, &next, why).await;
            return Ok(());
        }
        Err(colloquy_auth::passwords::PasswordError::TooLong) => {
            let why = Said::new("error-password-too-long").number("max", colloquy_auth::passwords::MAX_BYTES);
            refuse(&request, true, &next, why).await;
            return Ok(());
        }
        Err(_) => return Err(server_error("error-password-not-stored", "the password could not be hashed")),
    };
    match state.store.create_account(&name, &hash, false).await {
        Ok(user) => {
            let session =
                request.session().ok_or_else(|| server_error("error-server-setup", "sessions are not set up"))?;
            crate::identity::sign_in(&session, &user).await.map_err(|e| server_error("error-session", e))?;
            tracing::info!(user = %name, "account created");
            go(&next);
        }
        Err(colloquy_store::StoreError::Refused(why)) => {
            refuse(&request, true, &next, colloquy_chat::error::refused_said(&why)).await
        }
        Err(e) => return Err(store_error(Thing::Account, e)),
    }
    Ok(())
}

/// Ends the session on the server and in the browser.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use self::ssr::*;
    if let Some(session) = Request::current()?.session() {
        crate::identity::sign_out(&session).await.map_err(|e| server_error("error-session", e))?;
    }
    go("/");
    Ok(())
}
