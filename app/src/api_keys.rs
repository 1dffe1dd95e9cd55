//! `/keys`: the person's API keys for the OpenAI-compatible API. Plain
//! forms posting to the server functions beside them, each answering with
//! a redirect back; a key just made is shown once, from the session.

use colloquy_wire::AppError;
use leptos::prelude::*;

use colloquy_wire::PageSettings;

use crate::i18n::{say, t, tf};

/// Where a key just made waits for the page that shows it.
#[cfg(feature = "ssr")]
const NEW_KEY: &str = "new_api_key";

/// The key just made, if one waits; removed whichever page asks, so the
/// secret stays in the session only until the next page view.
#[cfg(feature = "ssr")]
pub async fn take_new_key(session: &tower_sessions::Session) -> Option<String> {
    session.remove::<String>(NEW_KEY).await.unwrap_or_else(|e| {
        tracing::warn!("new key: {e}");
        None
    })
}

/// The keys page's data for `user`: their keys, and `new_secret`, one just
/// made (see [`take_new_key`]).
#[cfg(feature = "ssr")]
pub async fn page(
    state: &colloquy_chat::state::AppState,
    new_secret: Option<String>,
    user: &colloquy_store::UserId,
) -> Option<colloquy_wire::ApiKeysView> {
    use colloquy_wire::{ApiKeyView, ApiKeysView};
    let keys = match state.store.api_keys(user).await {
        Ok(keys) => keys,
        Err(e) => {
            tracing::error!("API keys: {e}");
            return None;
        }
    };
    let keys = keys
        .into_iter()
        .map(|key| ApiKeyView {
            id: key.id,
            name: key.name,
            prefix: key.prefix,
            created: colloquy_store::utc_date(key.created_ms),
            last_used: key.last_used_ms.map(colloquy_store::utc_date),
        })
        .collect();
    Some(ApiKeysView { keys, new_secret })
}

#[component]
pub fn ApiKeysPage(settings: PageSettings) -> impl IntoView {
    let Some(view) = settings.api_keys.clone() else {
        return view! { <p class="not-found">{t("page-not-found")}</p> }.into_any();
    };
    let new_key = view.new_secret.map(|secret| {
        view! {
            <div class="new-key" role="status">
                <p>{t("keys-new")}</p>
                <code data-testid="new-key">{secret}</code>
            </div>
        }
    });
    let keys = view.keys;
    let list = if keys.is_empty() {
        view! { <p class="note">{t("keys-none")}</p> }.into_any()
    } else {
        view! {
            <table>
                <thead>
                    <tr>
                        <th>{t("account-name")}</th>
                        <th>{t("keys-key")}</th>
                        <th>{t("keys-made")}</th>
                        <th>{t("keys-used")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {keys
                        .into_iter()
                        .map(|key| {
                            view! {
                                <tr>
                                    <td>{key.name.clone()}</td>
                                    <td><code>{key.prefix}</code></td>
                                    <td>{key.created}</td>
                                    <td>{key.last_used.unwrap_or_else(|| t("keys-used.never").into())}</td>
                                    <td>
                                        <form method="post" action="/api/revoke_api_key">
                                            <input type="hidden" name="id" value=key.id/>
                                            <button type="submit" aria-label=tf("keys-revoke.name", &[("name", (&key.name).into())])>
                                                {t("keys-revoke")}
                                            </button>
                                        </form>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    let model = settings.default_model.clone();
    view! {
        <main class="api-keys">
            <p><a href="/">{t("admin.back")}</a></p>
            <h1>{t("api-keys")}</h1>
            <p inner_html=crate::i18n::tf_code(
                "keys-about",
                &[
                    ("endpoints", "POST /v1/chat/completions, GET /v1/models"),
                    ("header", "Authorization: Bearer KEY"),
                    ("base", "/v1"),
                    ("model", &model),
                ],
            )></p>
            {settings.error.as_ref().map(|error| view! { <p class="composer-error" role="alert">{say(error)}</p> })}
            {new_key}
            <form method="post" action="/api/create_api_key" class="new-key-form">
                <label>
                    {t("account-name")}
                    " "
                    <input type="text" name="name" required maxlength="64" placeholder=t("keys-name.placeholder")/>
                </label>
                <button type="submit">{t("keys-create")}</button>
            </form>
            {list}
        </main>
    }
    .into_any()
}

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::request::prelude::*;

    /// The person, made in open mode if new (within the address's
    /// budget, charged first), or 401.
    pub async fn keys_user(request: &Request) -> Result<colloquy_store::UserId, AppError> {
        if request.state.config.auth.mode == colloquy_config::AuthMode::Open {
            request.address_allows(colloquy_limits::Action::Chat).await?;
        }
        request.acting_user().await
    }
}

/// Makes a key, keeps it in the session for the page to show once, and
/// goes back to `/keys`.
#[server(endpoint = "create_api_key")]
pub async fn create_api_key(name: String) -> Result<(), AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let state = &request.state;
    let user = keys_user(&request).await?;
    let session = request.session().ok_or_else(|| server_error("error-server-setup", "sessions are not set up"))?;
    match state.store.create_api_key(&user, &name).await {
        Ok(key) => {
            tracing::info!(user = %user, key = %key.summary.id, "API key made");
            session.insert(NEW_KEY, key.secret).await.map_err(|e| server_error("error-session", e))?;
        }
        Err(colloquy_store::StoreError::Refused(why)) => {
            crate::identity::set_flash(&session, "", &colloquy_chat::error::refused_said(&why))
                .await
                .map_err(|e| server_error("error-session", e))?;
        }
        Err(e) => return Err(store_error(Thing::ApiKey, e)),
    }
    leptos_axum::redirect("/keys");
    Ok(())
}

/// Revokes one of the person's keys (someone else's is not found).
#[server(endpoint = "revoke_api_key")]
pub async fn revoke_api_key(id: String) -> Result<(), AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let state = &request.state;
    let user = keys_user(&request).await?;
    state.store.revoke_api_key(&user, &id).await.map_err(|e| store_error(Thing::ApiKey, e))?;
    tracing::info!(user = %user, key = %id, "API key revoked");
    leptos_axum::redirect("/keys");
    Ok(())
}
