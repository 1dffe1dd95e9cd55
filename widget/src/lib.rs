//! The embeddable widget: Colloquy's chat as a custom element on any page
//! (`<colloquy-chat src="https://host">`, defined by `colloquy-chat.js`).
//! It is rendered in the browser (Leptos CSR) and talks to the server only
//! through the OpenAI-compatible API, which the server opens to the origins
//! in `widget.hosts` (CORS without cookies). Replies are untrusted: they are
//! rendered by the same sanitizing Markdown renderer as the page, with no
//! outside images.

mod client;

use client::{Server, Turn};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;

const STYLE: &str = include_str!("widget.css");

/// Called by `colloquy-chat.js` for each element, with the element's
/// attributes: mounts the chat into `container` (inside its shadow root).
#[wasm_bindgen]
pub fn mount(container: web_sys::HtmlElement, src: String, model: String, heading: String, api_key: String) {
    console_error_panic_hook::set_once();
    let server = Server::new(&src, &api_key);
    let model = (!model.trim().is_empty()).then(|| model.trim().to_owned());
    leptos::mount::mount_to(container, move || view! { <ChatWidget server model heading /> }).forget();
}

/// A click on a rendered code block's Copy button (plain HTML from the
/// Markdown renderer, so handled by delegation) copies that block's code.
fn copy_code(ev: web_sys::MouseEvent) {
    let Some(button) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return;
    };
    if !button.class_list().contains("copy-code") {
        return;
    }
    let code = button
        .closest(".code-block")
        .ok()
        .flatten()
        .and_then(|block| block.query_selector("code").ok().flatten())
        .and_then(|code| code.text_content())
        .unwrap_or_default();
    let Some(window) = web_sys::window() else {
        return;
    };
    let written = window.navigator().clipboard().write_text(&code);
    spawn_local(async move {
        let done = wasm_bindgen_futures::JsFuture::from(written).await.is_ok();
        button.set_text_content(Some(if done { "Copied" } else { "Copy failed" }));
        set_timeout(move || button.set_text_content(Some("Copy")), std::time::Duration::from_millis(1500));
    });
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Who {
    User,
    Bot,
    /// Something went wrong: the server's message, shown in place of the reply.
    Problem,
}

#[derive(Clone)]
struct Bubble {
    id: usize,
    who: Who,
    text: RwSignal<String>,
}

/// The whole chat: a header, the messages, a box to write in.
#[component]
fn ChatWidget(server: Server, model: Option<String>, heading: String) -> impl IntoView {
    let bubbles = RwSignal::new(Vec::<Bubble>::new());
    let draft = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    // The turn in flight, so Stop can end it.
    let stopper = StoredValue::new(None::<web_sys::AbortController>);
    let model = StoredValue::new(model);
    let server = StoredValue::new(server);
    let next_id = StoredValue::new(0usize);
    let log = NodeRef::<leptos::html::Ol>::new();
    // Keeps the newest words in sight, as a chat does (after the frame's
    // render, so the new words are measured).
    let follow = move || {
        if let Some(log) = log.get_untracked() {
            log.set_scroll_top(log.scroll_height());
        }
    };
    let add = move |who: Who, text: String| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        let text = RwSignal::new(text);
        bubbles.update(|list| list.push(Bubble { id, who, text }));
        request_animation_frame(follow);
        text
    };

    let send = move || {
        let text = draft.get_untracked().trim().to_owned();
        if text.is_empty() || busy.get_untracked() {
            return;
        }
        // The conversation so far: what was said, not the problems shown.
        let mut conversation: Vec<Turn> = bubbles
            .get_untracked()
            .iter()
            .filter_map(|b| match b.who {
                Who::User => Some(Turn { role: "user", content: b.text.get_untracked() }),
                Who::Bot => Some(Turn { role: "assistant", content: b.text.get_untracked() }),
                Who::Problem => None,
            })
            .collect();
        conversation.push(Turn { role: "user", content: text.clone() });
        add(Who::User, text);
        draft.set(String::new());
        let Ok(controller) = web_sys::AbortController::new() else {
            return;
        };
        let stop = controller.signal();
        stopper.set_value(Some(controller));
        busy.set(true);
        spawn_local(async move {
            let server = server.get_value();
            let chosen = match model.get_value() {
                Some(model) => Ok(model),
                None => server.first_model().await.inspect(|m| model.set_value(Some(m.clone()))),
            };
            let reply = add(Who::Bot, String::new());
            let outcome = match chosen {
                Ok(model) => {
                    server
                        .reply(&model, &conversation, &stop, |piece| {
                            reply.update(|t| t.push_str(piece));
                            request_animation_frame(follow);
                        })
                        .await
                }
                Err(e) => Err(e),
            };
            if let Err(problem) = outcome {
                // An empty reply makes no bubble; a partial one stays.
                if reply.get_untracked().is_empty() {
                    bubbles.update(|list| {
                        list.pop();
                    });
                }
                add(Who::Problem, problem.to_string());
            }
            stopper.set_value(None);
            busy.set(false);
        });
    };
    let stop = move || {
        if let Some(controller) = stopper.get_value() {
            controller.abort();
        }
    };

    let options = colloquy_markdown::RenderOptions::default();
    let label = heading.clone();
    view! {
        <style>{STYLE}</style>
        <section class="cq-widget" aria-label=label>
            <header class="cq-header">{heading}</header>
            <ol class="cq-log" aria-live="polite" node_ref=log on:click=copy_code>
                <For each=move || bubbles.get() key=|bubble| bubble.id let:bubble>
                    {
                        let text = bubble.text;
                        match bubble.who {
                            Who::User => view! { <li class="cq-user">{move || text.get()}</li> }.into_any(),
                            Who::Bot => {
                                let options = options.clone();
                                view! {
                                    <li
                                        class="cq-bot"
                                        inner_html=move || colloquy_markdown::render(&text.get(), &options)
                                    ></li>
                                }
                                    .into_any()
                            }
                            Who::Problem => view! { <li class="cq-problem" role="alert">{move || text.get()}</li> }.into_any(),
                        }
                    }
                </For>
            </ol>
            <form
                class="cq-composer"
                on:submit=move |ev| {
                    ev.prevent_default();
                    send();
                }
            >
                <textarea
                    aria-label="Message"
                    placeholder="Type a message…"
                    rows="1"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                            ev.prevent_default();
                            send();
                        }
                    }
                ></textarea>
                <Show
                    when=move || busy.get()
                    fallback=|| view! { <button type="submit">"Send"</button> }
                >
                    <button type="button" class="cq-stop" on:click=move |_| stop()>"Stop"</button>
                </Show>
            </form>
        </section>
    }
}
