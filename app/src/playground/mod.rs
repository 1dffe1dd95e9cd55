//! `/playground`: describe a bot in plain words and the configured model
//! drafts it (title, description, system prompt, examples, settings); edit
//! it as a form or as its bot file (TOML), try it in a live preview, compare
//! two models or two system prompts on one message, and save it. A saved
//! bot is served at `/bots/NAME` at once, without a restart.

pub mod draft;
pub mod server_fns;

use leptos::prelude::*;

use self::draft::{BotDraft, DraftInput};
use self::server_fns::{draft_bot, preview_reply, read_bot, save_bot, PreviewTurn};
use crate::errors::error_text;
use crate::i18n::{t, tf};
use colloquy_wire::{ModelChoice, PageSettings, ReplyFrame, Speaker, WireMessage};

/// Whether this person may open the playground: admins when accounts are
/// on; in an open app, anyone, but only on a loopback address or with
/// `playground.open` (see `Config::playground_access`).
#[cfg(feature = "ssr")]
pub fn may_open(state: &colloquy_chat::state::AppState, auth: &colloquy_wire::AuthView) -> bool {
    match state.bots.server().playground_access() {
        colloquy_config::PlaygroundAccess::Off => false,
        colloquy_config::PlaygroundAccess::Admins => auth.is_admin,
        colloquy_config::PlaygroundAccess::Anyone => true,
    }
}

/// The form's fields, each its own signal, so typing in one redraws only
/// what shows it.
#[derive(Clone, Copy)]
struct DraftForm {
    name: RwSignal<String>,
    title: RwSignal<String>,
    description: RwSignal<String>,
    system_prompt: RwSignal<String>,
    /// One example per line.
    examples: RwSignal<String>,
    inputs: RwSignal<Vec<DraftInput>>,
    /// The bot file. Follows the form; typed in, it goes its own way until
    /// it is read back into the form.
    toml: RwSignal<String>,
}

impl DraftForm {
    fn new(draft: &BotDraft) -> Self {
        let form = Self {
            name: RwSignal::new(String::new()),
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            system_prompt: RwSignal::new(String::new()),
            examples: RwSignal::new(String::new()),
            inputs: RwSignal::new(Vec::new()),
            toml: RwSignal::new(String::new()),
        };
        form.fill(draft);
        form
    }

    fn fill(&self, draft: &BotDraft) {
        self.name.set(draft.name.clone());
        self.title.set(draft.title.clone());
        self.description.set(draft.description.clone());
        self.system_prompt.set(draft.system_prompt.clone());
        self.examples.set(draft.examples.join("\n"));
        self.inputs.set(draft.inputs.clone());
        self.toml.set(draft.to_toml());
    }

    fn draft(&self) -> BotDraft {
        BotDraft {
            name: self.name.get_untracked(),
            title: self.title.get_untracked(),
            description: self.description.get_untracked(),
            system_prompt: self.system_prompt.get_untracked(),
            examples: self.examples.get_untracked().lines().map(str::to_string).collect(),
            inputs: self.inputs.get_untracked(),
        }
    }

    /// Fills the form from a bot file, checked by the server, keeping the
    /// file as written (it may hold inputs the form cannot show) and the
    /// name given.
    async fn load_file(self, text: String, name: String, error: RwSignal<Option<String>>) {
        match read_bot(text.clone()).await {
            Ok(draft) => {
                self.fill(&draft);
                self.toml.set(text);
                self.name.set(name);
                error.set(None);
            }
            Err(e) => error.set(Some(error_text(&e))),
        }
    }

    /// The form changed: the TOML follows.
    fn changed(&self) {
        self.toml.set(self.draft().to_toml());
    }
}

fn starting_draft() -> BotDraft {
    BotDraft {
        name: "my-bot".into(),
        title: "My bot".into(),
        description: "A helpful assistant.".into(),
        system_prompt: "You are a helpful, concise assistant.".into(),
        examples: Vec::new(),
        inputs: Vec::new(),
    }
}

#[component]
pub fn PlaygroundPage(settings: PageSettings) -> impl IntoView {
    let form = DraftForm::new(&starting_draft());
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let models = settings.models.clone();
    let model = RwSignal::new(settings.default_model.clone());
    let markdown = settings.markdown.render_options(colloquy_markdown::Extensions::all(), crate::i18n::copy_code());
    provide_context(StoredValue::new(markdown));
    view! {
        <main class="playground" data-hydrated=move || hydrated.get().to_string()>
            <header class="playground-header">
                <h1>{t("playground")}</h1>
                <p class="description">{t("pg-about")}</p>
                <nav class="app-links">
                    <a href="/">{t("pg-chat")}</a>
                    {(!settings.bots.is_empty()).then(|| view! { <a href="/bots">{t("all-bots")}</a> })}
                </nav>
            </header>
            <Describe form model models=models.clone()/>
            <div class="playground-columns">
                <section class="bot-editor" aria-label=t("pg-bot")>
                    <BotFormView form/>
                    <TomlView form/>
                    <SaveView form existing=settings.playground_bots.iter().map(|b| b.name.clone()).collect()/>
                    {(!settings.playground_bots.is_empty()).then(|| view! { <OpenExisting form bots=settings.playground_bots.clone()/> })}
                </section>
                <section class="preview" aria-label=t("pg-preview")>
                    <h2>{t("pg-preview")}</h2>
                    <PreviewChat form model/>
                </section>
            </div>
            <Compare form models/>
        </main>
    }
}

/// Model picker options.
fn model_options(models: &[ModelChoice], selected: String) -> impl IntoView {
    models
        .iter()
        .map(|m| {
            let is = m.id == selected;
            view! { <option value=m.id.clone() selected=is>{m.label.clone()}</option> }
        })
        .collect_view()
}

/// "Describe the bot you want": the model drafts the form.
#[component]
fn Describe(form: DraftForm, model: RwSignal<String>, models: Vec<ModelChoice>) -> impl IntoView {
    let request = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let draft = move || {
        let text = request.get_untracked();
        if text.trim().is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let model = model.get_untracked();
        leptos::task::spawn_local(async move {
            match draft_bot(text, model).await {
                Ok(drafted) => form.fill(&drafted),
                Err(e) => error.set(Some(error_text(&e))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="describe" aria-label=t("pg-describe")>
            <label for="bot-request">{t("pg-describe.label")}</label>
            <textarea
                id="bot-request"
                rows="3"
                maxlength=server_fns::MAX_REQUEST_BYTES.to_string()
                placeholder=t("pg-describe.placeholder")
                prop:value=move || request.get()
                on:input=move |ev| request.set(event_target_value(&ev))
            ></textarea>
            <div class="describe-actions">
                <label class="model-picker">
                    <span>{t("model")}</span>
                    <select aria-label=t("model") on:change=move |ev| model.set(event_target_value(&ev))>
                        {model_options(&models, model.get_untracked())}
                    </select>
                </label>
                <button type="button" class="primary draft-button" disabled=move || busy.get() on:click=move |_| draft()>
                    {move || if busy.get() { t("pg-drafting") } else { t("pg-draft") }}
                </button>
            </div>
            {move || error.get().map(|e| view! { <p class="composer-error" role="alert">{e}</p> })}
        </section>
    }
}

#[component]
fn BotFormView(form: DraftForm) -> impl IntoView {
    let field = move |signal: RwSignal<String>| {
        move |ev| {
            signal.set(event_target_value(&ev));
            form.changed();
        }
    };
    view! {
        <fieldset class="bot-form">
            <legend>{t("pg-form")}</legend>
            <label>{t("pg-title")} " " <input type="text" name="title" maxlength="60" prop:value=move || form.title.get() on:input=field(form.title)/></label>
            <label>{t("pg-description")} " " <input type="text" name="description" maxlength="300" prop:value=move || form.description.get() on:input=field(form.description)/></label>
            <label>{t("pg-system-prompt")}
                <textarea name="system_prompt" rows="5" prop:value=move || form.system_prompt.get() on:input=field(form.system_prompt)></textarea>
            </label>
            <label>{t("pg-examples")}
                <textarea name="examples" rows="3" prop:value=move || form.examples.get() on:input=field(form.examples)></textarea>
            </label>
            <div class="draft-inputs">
                <span class="field-label">{t("pg-settings")}</span>
                <For
                    each=move || { let rows: Vec<(usize, DraftInput)> = form.inputs.get().into_iter().enumerate().collect(); rows }
                    key=|(i, input)| (*i, input.name.clone(), input.choices.len())
                    children=move |(i, input)| view! { <InputRow form=form i=i input=input/> }
                />
                <button
                    type="button"
                    class="add-input"
                    on:click=move |_| {
                        form.inputs.update(|inputs| {
                            let n = inputs.len() + 1;
                            inputs.push(DraftInput {
                                name: format!("setting_{n}"),
                                label: format!("Setting {n}"),
                                choices: vec!["one".into(), "two".into()],
                            })
                        });
                        form.changed();
                    }
                >
                    {t("pg-add-setting")}
                </button>
            </div>
        </fieldset>
    }
}

#[component]
fn InputRow(form: DraftForm, i: usize, input: DraftInput) -> impl IntoView {
    let edit = move |change: fn(&mut DraftInput, String)| {
        move |ev| {
            let value = event_target_value(&ev);
            form.inputs.update_untracked(|inputs| {
                if let Some(input) = inputs.get_mut(i) {
                    change(input, value);
                }
            });
            form.changed();
        }
    };
    view! {
        <div class="draft-input">
            <input type="text" aria-label=t("pg-setting-name") value=input.name.clone() on:change=edit(|input, v| input.name = v)/>
            <input type="text" aria-label=t("pg-setting-label") value=input.label.clone() on:input=edit(|input, v| input.label = v)/>
            <input
                type="text"
                aria-label=t("pg-setting-choices")
                value=input.choices.join(", ")
                on:input=edit(|input, v| {
                    input.choices = v.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect()
                })
            />
            <button
                type="button"
                aria-label=t("pg-setting-remove")
                on:click=move |_| {
                    form.inputs.update(|inputs| {
                        if i < inputs.len() {
                            inputs.remove(i);
                        }
                    });
                    form.changed();
                }
            >
                "×"
            </button>
        </div>
    }
}

/// The bot file, editable; read back into the form on request.
#[component]
fn TomlView(form: DraftForm) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let read_back = move |_| {
        let (text, name) = (form.toml.get_untracked(), form.name.get_untracked());
        leptos::task::spawn_local(form.load_file(text, name, error));
    };
    view! {
        <fieldset class="bot-toml">
            <legend>{t("pg-toml")}</legend>
            <textarea
                name="toml"
                rows="14"
                spellcheck="false"
                aria-label=t("pg-toml")
                prop:value=move || form.toml.get()
                on:input=move |ev| form.toml.set(event_target_value(&ev))
            ></textarea>
            <button type="button" class="read-toml" on:click=read_back>{t("pg-toml.check")}</button>
            {move || error.get().map(|e| view! { <p class="composer-error toml-error" role="alert">{e}</p> })}
        </fieldset>
    }
}

#[component]
fn SaveView(form: DraftForm, existing: Vec<String>) -> impl IntoView {
    let replace = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let existing = RwSignal::new(existing);
    let taken = move || form.name.with(|name| existing.with(|names| names.contains(name)));
    let save = move |_| {
        let (name, text, replace) = (form.name.get_untracked(), form.toml.get_untracked(), replace.get_untracked());
        leptos::task::spawn_local(async move {
            let saved = save_bot(name, text, replace).await.map_err(|e| error_text(&e));
            if let Ok(href) = &saved {
                let name = href.trim_start_matches("/bots/").to_string();
                existing.update(|names| {
                    if !names.contains(&name) {
                        names.push(name)
                    }
                });
            }
            outcome.set(Some(saved));
        });
    };
    view! {
        <fieldset class="bot-save">
            <legend>{t("pg-save")}</legend>
            <label>
                {t("pg-save.name")}
                <input
                    type="text"
                    name="name"
                    maxlength="40"
                    pattern="[a-z0-9][a-z0-9\\-]*"
                    prop:value=move || form.name.get()
                    on:input=move |ev| form.name.set(event_target_value(&ev))
                />
            </label>
            <label class="inline">
                <input type="checkbox" prop:checked=move || replace.get() on:change=move |ev| replace.set(event_target_checked(&ev))/>
                {t("pg-save.replace")}
            </label>
            {move || (taken() && !replace.get()).then(|| view! {
                <p class="note name-taken">{t("pg-save.taken")}</p>
            })}
            <button type="button" class="primary save-bot" on:click=save>{t("pg-save.button")}</button>
            {move || {
                outcome.get().map(|saved| match saved {
                    Ok(href) => view! {
                        <p class="saved" role="status">{t("pg-saved")} " " <a href=href.clone()>{href.clone()}</a></p>
                    }
                    .into_any(),
                    Err(e) => view! { <p class="composer-error save-error" role="alert">{e}</p> }.into_any(),
                })
            }}
        </fieldset>
    }
}

/// Loads one of the saved bots into the form, to change it.
#[component]
fn OpenExisting(form: DraftForm, bots: Vec<colloquy_wire::BotFileView>) -> impl IntoView {
    let bots = StoredValue::new(bots);
    let error = RwSignal::new(None::<String>);
    let open = move |ev| {
        let name = event_target_value(&ev);
        let Some(text) = bots.with_value(|bots| bots.iter().find(|b| b.name == name).map(|b| b.text.clone())) else {
            return;
        };
        leptos::task::spawn_local(form.load_file(text, name, error));
    };
    view! {
        <label class="open-existing">
            {t("pg-open")}
            <select on:change=open aria-label=t("pg-open")>
                <option value="">"—"</option>
                {bots.get_value().into_iter().map(|b| view! { <option value=b.name.clone()>{b.name.clone()}</option> }).collect_view()}
            </select>
        </label>
        {move || error.get().map(|e| view! { <p class="composer-error" role="alert">{e}</p> })}
    }
}

/// A message of a preview: who, and its text so far.
#[derive(Clone, Copy)]
struct PreviewMessage {
    role: Speaker,
    text: RwSignal<String>,
    status: RwSignal<&'static str>,
}

/// Streams one preview reply into `into`. Errors end up in its text.
async fn stream_preview(turn: PreviewTurn, into: PreviewMessage) {
    let stream = match preview_reply(turn).await {
        Ok(stream) => stream,
        Err(e) => {
            into.text.set(error_text(&e));
            into.status.set("failed");
            return;
        }
    };
    let read = crate::reply_stream::read_frames(stream, |frames| {
        frames.into_iter().any(|frame| match frame {
            Ok(ReplyFrame::Delta { text }) => {
                into.status.set("streaming");
                into.text.update(|t| t.push_str(&text));
                false
            }
            Ok(ReplyFrame::Queued { .. }) => {
                into.status.set("queued");
                false
            }
            Ok(ReplyFrame::Loading) => {
                into.status.set("loading");
                false
            }
            Ok(ReplyFrame::Done { .. }) => {
                into.status.set("complete");
                true
            }
            Ok(ReplyFrame::Error { message, said }) => {
                let message = said.as_ref().map_or(message, crate::i18n::say);
                into.text.update(|t| {
                    if !t.is_empty() {
                        t.push_str("\n\n");
                    }
                    t.push_str(&message)
                });
                into.status.set("failed");
                true
            }
            Ok(_) => false,
            Err(why) => {
                into.text.set(why);
                into.status.set("failed");
                true
            }
        })
    });
    if read.await.is_ok() {
        return;
    }
    if into.status.get_untracked() != "complete" {
        into.status.set("failed");
        into.text.update(|text| {
            text.push_str("\n\n(");
            text.push_str(t("connection-ended"));
            text.push(')');
        });
    }
}

/// A reply's text, as markdown through the sanitizing renderer: model
/// output is untrusted.
#[component]
fn PreviewText(message: PreviewMessage) -> impl IntoView {
    let options = use_context::<StoredValue<colloquy_markdown::RenderOptions>>();
    match message.role {
        Speaker::User => view! { <div class="text plain">{move || message.text.get()}</div> }.into_any(),
        Speaker::Assistant => {
            let html = move || {
                let options = options.map(|o| o.get_value()).unwrap_or_default();
                colloquy_markdown::render(&message.text.get(), &options)
            };
            view! { <div class="text markdown" inner_html=html></div> }.into_any()
        }
    }
}

/// A chat with the draft as it stands, stored nowhere.
#[component]
fn PreviewChat(form: DraftForm, model: RwSignal<String>) -> impl IntoView {
    let messages = RwSignal::new(Vec::<PreviewMessage>::new());
    let input = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let send = move || {
        let text = input.get_untracked();
        if text.trim().is_empty() || busy.get_untracked() {
            return;
        }
        input.set(String::new());
        let user = PreviewMessage { role: Speaker::User, text: RwSignal::new(text), status: RwSignal::new("complete") };
        let reply = PreviewMessage {
            role: Speaker::Assistant,
            text: RwSignal::new(String::new()),
            status: RwSignal::new("queued"),
        };
        messages.update(|m| m.push(user));
        let history: Vec<WireMessage> = messages
            .get_untracked()
            .iter()
            .filter(|m| m.status.get_untracked() == "complete")
            .map(|m| WireMessage { role: m.role, content: m.text.get_untracked(), attachments: Vec::new() })
            .collect();
        messages.update(|m| m.push(reply));
        busy.set(true);
        let turn = PreviewTurn {
            bot: form.toml.get_untracked(),
            model: model.get_untracked(),
            system_prompt: None,
            messages: history,
        };
        leptos::task::spawn_local(async move {
            stream_preview(turn, reply).await;
            busy.set(false);
        });
    };
    view! {
        <div class="preview-chat">
            <div class="messages" aria-label=t("pg-preview.conversation")>
                <p class="placeholder">{move || form.title.get()} " · " {move || form.description.get()}</p>
                <For
                    each=move || { let rows: Vec<(usize, PreviewMessage)> = messages.get().into_iter().enumerate().collect(); rows }
                    key=|(i, _)| *i
                    children=|(_, message)| {
                        let role = if message.role == Speaker::User { "user" } else { "assistant" };
                        view! {
                            <article class=format!("message {role}") data-role=role data-status=move || message.status.get()>
                                <div class="bubble"><PreviewText message/></div>
                            </article>
                        }
                    }
                />
            </div>
            <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
                <textarea
                    rows="2"
                    aria-label=t("pg-preview-message")
                    placeholder=t("pg-preview-message.placeholder")
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && !ev.shift_key() {
                            ev.prevent_default();
                            send();
                        }
                    }
                ></textarea>
                <button type="submit" class="primary" disabled=move || busy.get()>{t("send")}</button>
                <button type="button" on:click=move |_| messages.set(Vec::new()) disabled=move || busy.get()>
                    {t("pg-clear")}
                </button>
            </form>
        </div>
    }
}

/// Two replies to one message, side by side: two models, or two system
/// prompts, or both.
#[component]
fn Compare(form: DraftForm, models: Vec<ModelChoice>) -> impl IntoView {
    let message = RwSignal::new(String::new());
    let first = models.first().map(|m| m.id.clone()).unwrap_or_default();
    let second = models.get(1).map_or_else(|| first.clone(), |m| m.id.clone());
    let sides =
        [(RwSignal::new(first), RwSignal::new(None::<String>)), (RwSignal::new(second), RwSignal::new(None::<String>))];
    let replies = sides.map(|_| PreviewMessage {
        role: Speaker::Assistant,
        text: RwSignal::new(String::new()),
        status: RwSignal::new("idle"),
    });
    let running = move || replies.iter().any(|r| matches!(r.status.get(), "queued" | "loading" | "streaming"));
    let compare = move |_| {
        let text = message.get_untracked();
        if text.trim().is_empty() || running() {
            return;
        }
        for ((model, prompt), reply) in sides.iter().zip(replies) {
            reply.text.set(String::new());
            reply.status.set("queued");
            let turn = PreviewTurn {
                bot: form.toml.get_untracked(),
                model: model.get_untracked(),
                // Unchanged, the draft's own prompt.
                system_prompt: prompt.get_untracked(),
                messages: vec![WireMessage { role: Speaker::User, content: text.clone(), attachments: Vec::new() }],
            };
            leptos::task::spawn_local(stream_preview(turn, reply));
        }
    };
    let side = move |i: usize| {
        let (model, prompt) = sides[i];
        let reply = replies[i];
        let models = models.clone();
        let side_name = if i == 0 { "A" } else { "B" };
        let model_name = tf("pg-side-model", &[("side", side_name.into())]);
        let prompt_name = tf("pg-side-prompt", &[("side", side_name.into())]);
        view! {
            <div class="compare-side" data-side=i.to_string()>
                <label class="model-picker">
                    <span>{model_name.clone()}</span>
                    <select aria-label=model_name on:change=move |ev| model.set(event_target_value(&ev))>
                        {model_options(&models, model.get_untracked())}
                    </select>
                </label>
                <label>
                    {prompt_name.clone()}
                    <textarea
                        rows="3"
                        aria-label=prompt_name
                        prop:value=move || prompt.get().unwrap_or_else(|| form.system_prompt.get())
                        on:input=move |ev| prompt.set(Some(event_target_value(&ev)))
                    ></textarea>
                </label>
                <article class="message assistant" data-role="assistant" data-status=move || reply.status.get()>
                    <div class="bubble"><PreviewText message=reply/></div>
                </article>
            </div>
        }
    };
    view! {
        <section class="compare" aria-label=t("compare")>
            <h2>{t("compare")}</h2>
            <p class="description">{t("pg-compare")}</p>
            <textarea
                rows="2"
                aria-label=t("pg-compare.message")
                placeholder=t("pg-compare.placeholder")
                prop:value=move || message.get()
                on:input=move |ev| message.set(event_target_value(&ev))
            ></textarea>
            <button type="button" class="primary compare-button" disabled=running on:click=compare>{t("compare")}</button>
            <div class="compare-sides">{side(0)} {side(1)}</div>
        </section>
    }
}
