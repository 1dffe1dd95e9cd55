//! Read aloud and dictation with the browser's own speech engines (the Web
//! Speech API): no server work, no audio leaves the page through us. Each
//! button shows only where the browser has the engine, and only once the
//! page is hydrated (the server cannot know; its HTML has neither).

use leptos::prelude::*;

use crate::i18n::t;

use super::conversation::Conversation;

/// Which speech engines the browser has, looked up once per page. Both
/// false on the server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpeechSupport {
    /// `speechSynthesis`: Read aloud.
    pub synthesis: bool,
    /// `SpeechRecognition` (or Chromium's `webkitSpeechRecognition`):
    /// dictation into the composer.
    pub recognition: bool,
}

impl SpeechSupport {
    pub fn detect() -> Self {
        #[cfg(feature = "hydrate")]
        {
            let window = window();
            let has = |name: &str| js_sys::Reflect::has(&window, &name.into()).unwrap_or(false);
            Self {
                synthesis: has("speechSynthesis") && has("SpeechSynthesisUtterance"),
                recognition: has("SpeechRecognition") || has("webkitSpeechRecognition"),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        Self::default()
    }
}

/// "Read aloud" on a finished reply: reads the rendered text of the
/// reply it sits in (markdown's
/// marks already gone, code blocks announced and skipped); pressed again,
/// or when another reply is read, it stops.
#[component]
pub fn ReadAloudButton() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let support = expect_context::<SpeechSupport>();
    let speaking = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let toggle = move |_| {
        #[cfg(feature = "hydrate")]
        {
            if speaking.get_untracked() {
                stop_reading();
                speaking.set(false);
            } else if let Some(button) = button.get_untracked() {
                leptos::task::spawn_local(async move {
                    let engines = load_engines().await;
                    if let Some(text) = (engines.reply_text)(&button) {
                        let done = Box::new(move || {
                            speaking.try_set(false);
                        });
                        speaking.try_set((engines.read_aloud)(&text, done));
                    }
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = button;
    };
    on_cleanup(move || {
        #[cfg(feature = "hydrate")]
        if speaking.try_get_untracked() == Some(true) {
            stop_reading();
        }
    });
    view! {
        <Show when=move || support.synthesis && conversation.hydrated.get()>
            // A toggle button: its name stays, `aria-pressed` says it is on.
            <button
                type="button"
                class="read-aloud"
                node_ref=button
                aria-pressed=move || speaking.get().to_string()
                title=t("read-aloud.title")
                on:click=toggle
            >
                {t("read-aloud")}
            </button>
        </Show>
    }
}

/// "Dictate" in the composer: what the browser's speech recognition hears
/// is typed into the message box; pressed again, it stops listening.
#[component]
pub fn DictateButton() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let support = expect_context::<SpeechSupport>();
    let listening = RwSignal::new(false);
    let toggle = move |_| {
        #[cfg(feature = "hydrate")]
        {
            if listening.get_untracked() {
                leptos::task::spawn_local(async { (load_engines().await.stop_listening)(false) });
                return;
            }
            let input = conversation.input;
            let heard = Box::new(move |words: String| input.update(|text| append_words(text, &words)));
            let ended = Box::new(move |error: Option<String>| {
                listening.try_set(false);
                if let Some(error) = error {
                    conversation.error.try_set(Some(crate::i18n::tf("dictate-stopped", &[("why", (&error).into())])));
                }
            });
            leptos::task::spawn_local(async move {
                match (load_engines().await.listen)(heard, ended) {
                    Ok(()) => {
                        conversation.error.set(None);
                        listening.set(true);
                    }
                    Err(why) => conversation.error.set(Some(why)),
                }
            });
        }
    };
    on_cleanup(move || {
        #[cfg(feature = "hydrate")]
        if listening.try_get_untracked() == Some(true) {
            leptos::task::spawn_local(async { (load_engines().await.stop_listening)(true) });
        }
    });
    view! {
        <Show when=move || support.recognition && conversation.hydrated.get()>
            <button
                type="button"
                class="dictate"
                aria-pressed=move || listening.get().to_string()
                aria-label=t("dictate")
                title=t("dictate.title")
                on:click=toggle
            >
                <super::icons::Microphone/>
            </button>
        </Show>
    }
}

/// `words` heard added to the end of the message `text`, with one space
/// between.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn append_words(text: &mut String, words: &str) {
    let words = words.trim();
    if words.is_empty() {
        return;
    }
    if !text.is_empty() && !text.ends_with(char::is_whitespace) {
        text.push(' ');
    }
    text.push_str(words);
}

/// Stops whatever is being read aloud.
#[cfg(feature = "hydrate")]
fn stop_reading() {
    if let Ok(synthesis) = window().speech_synthesis() {
        synthesis.cancel();
    }
}

/// The browser code of both buttons, in a WASM chunk of its own fetched at
/// the first press (Leptos' `#[lazy]`): most people never press either,
/// and the chat page's first load carries none of it.
#[cfg(feature = "hydrate")]
struct Engines {
    reply_text: fn(&web_sys::Element) -> Option<String>,
    read_aloud: fn(&str, Box<dyn FnMut()>) -> bool,
    listen: fn(Heard, Ended) -> Result<(), String>,
    /// Stops listening (what was heard is still typed), or with `true`
    /// aborts (the page is going).
    stop_listening: fn(bool),
}

/// Called with each phrase dictation hears.
#[cfg(feature = "hydrate")]
type Heard = Box<dyn FnMut(String)>;

/// Called once when dictation ends, with the error worth telling if any.
#[cfg(feature = "hydrate")]
type Ended = Box<dyn Fn(Option<String>)>;

#[cfg(feature = "hydrate")]
#[lazy]
fn load_engines() -> Engines {
    Engines {
        reply_text: browser::reply_text,
        read_aloud: browser::read_aloud,
        listen: browser::listen,
        stop_listening: browser::stop_listening,
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::{document, window};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// The spoken form of the reply holding `button`: its rendered text.
    pub fn reply_text(button: &web_sys::Element) -> Option<String> {
        let reply = button.closest("article.message").ok()??.query_selector(".text.markdown").ok()??;
        let mut out = String::new();
        collect(&reply, &mut out);
        let lines: Vec<String> = out
            .lines()
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|line| !line.is_empty())
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// Text nodes in order, each block on lines of its own, table cells
    /// apart; code blocks and formulas replaced by a word (code read out
    /// symbol by symbol helps nobody, and MathML's text runs a formula's
    /// symbols together: "∫01x2dx=13"), buttons (Copy) left out.
    fn collect(node: &web_sys::Node, out: &mut String) {
        match node.node_type() {
            web_sys::Node::TEXT_NODE => out.push_str(&node.text_content().unwrap_or_default()),
            web_sys::Node::ELEMENT_NODE => {
                let element: &web_sys::Element = node.unchecked_ref();
                let tag = element.tag_name().to_ascii_lowercase();
                if tag == "pre" || element.class_list().contains("code-block") {
                    out.push('\n');
                    out.push_str(crate::i18n::t("read-aloud.code"));
                    out.push('\n');
                    return;
                }
                if tag == "math" {
                    out.push(' ');
                    out.push_str(crate::i18n::t("read-aloud.formula"));
                    out.push(' ');
                    return;
                }
                if matches!(tag.as_str(), "button" | "script" | "style" | "svg") {
                    return;
                }
                let children = node.child_nodes();
                for i in 0..children.length() {
                    if let Some(child) = children.item(i) {
                        collect(&child, out);
                    }
                }
                if matches!(tag.as_str(), "td" | "th") {
                    out.push(' ');
                }
                if matches!(
                    tag.as_str(),
                    "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "tr" | "br" | "table"
                ) {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }

    /// Starts reading `text` (stopping whatever was being read); `done`
    /// runs when it ends or is stopped. False if the browser refused.
    pub fn read_aloud(text: &str, done: Box<dyn FnMut()>) -> bool {
        let Ok(synthesis) = window().speech_synthesis() else { return false };
        let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) else { return false };
        let lang = document().document_element().and_then(|html| html.get_attribute("lang")).unwrap_or_default();
        if !lang.is_empty() {
            utterance.set_lang(&lang);
        }
        let done = std::rc::Rc::new(std::cell::RefCell::new(done));
        let on_end = {
            let done = done.clone();
            Closure::<dyn FnMut()>::new(move || (done.borrow_mut())()).into_js_value()
        };
        utterance.set_onend(Some(on_end.unchecked_ref()));
        utterance.set_onerror(Some(on_end.unchecked_ref()));
        synthesis.cancel();
        synthesis.speak(&utterance);
        true
    }

    /// Starts listening: `heard` gets each finished phrase, `ended` runs
    /// once at the end, with the reason if it was an error worth telling.
    pub fn listen(mut heard: super::Heard, ended: super::Ended) -> Result<(), String> {
        let window = window();
        let constructor = ["SpeechRecognition", "webkitSpeechRecognition"]
            .iter()
            .filter_map(|name| js_sys::Reflect::get(&window, &(*name).into()).ok())
            .find_map(|value| value.dyn_into::<js_sys::Function>().ok())
            .ok_or_else(|| crate::i18n::t("dictate-missing"))?;
        let recognition: web_sys::SpeechRecognition = js_sys::Reflect::construct(&constructor, &js_sys::Array::new())
            .map_err(|_| crate::i18n::t("dictate-failed"))?
            .unchecked_into();
        let lang = document().document_element().and_then(|html| html.get_attribute("lang")).unwrap_or_default();
        if !lang.is_empty() {
            recognition.set_lang(&lang);
        }
        let _ = recognition.set_continuous(true);
        recognition.set_interim_results(false);
        let on_result = Closure::<dyn FnMut(web_sys::SpeechRecognitionEvent)>::new(
            move |event: web_sys::SpeechRecognitionEvent| {
                let Some(results) = event.results() else { return };
                for i in event.result_index()..results.length() {
                    let Some(result) = results.get(i) else { continue };
                    if result.is_final() {
                        if let Some(best) = result.get(0) {
                            heard(best.transcript());
                        }
                    }
                }
            },
        );
        recognition.set_onresult(Some(on_result.into_js_value().unchecked_ref()));
        let ended = std::rc::Rc::new(ended);
        let on_error = {
            let ended = ended.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let error = js_sys::Reflect::get(&event, &"error".into()).ok().and_then(|e| e.as_string());
                // Stopped by the person, or silence: nothing to report.
                match error.as_deref() {
                    Some("aborted" | "no-speech") | None => ended(None),
                    Some(error) => ended(Some(error.replace('-', " "))),
                }
            })
        };
        recognition.set_onerror(Some(on_error.into_js_value().unchecked_ref()));
        let on_end = Closure::<dyn FnMut()>::new(move || {
            LISTENING.with_borrow_mut(|active| *active = None);
            ended(None)
        });
        recognition.set_onend(Some(on_end.into_js_value().unchecked_ref()));
        recognition.start().map_err(|_| crate::i18n::t("dictate-failed"))?;
        LISTENING.with_borrow_mut(|active| *active = Some(recognition));
        Ok(())
    }

    pub fn stop_listening(abort: bool) {
        // Taken out first: a recognition may end (and clear this) at once.
        match LISTENING.with_borrow(Clone::clone) {
            Some(active) if abort => active.abort(),
            Some(active) => active.stop(),
            None => {}
        }
    }

    thread_local! {
        /// The recognition listening now, if any (one composer per page).
        static LISTENING: std::cell::RefCell<Option<web_sys::SpeechRecognition>> = const { std::cell::RefCell::new(None) };
    }
}

#[cfg(test)]
mod tests {
    use super::append_words;

    #[test]
    fn dictated_words_join_the_text_with_one_space() {
        let mut text = String::new();
        append_words(&mut text, " hello there ");
        assert_eq!(text, "hello there");
        append_words(&mut text, "how are you");
        assert_eq!(text, "hello there how are you");
        let mut typed = "Dear Sam,\n".to_string();
        append_words(&mut typed, "thanks");
        assert_eq!(typed, "Dear Sam,\nthanks");
        append_words(&mut typed, "   ");
        assert_eq!(typed, "Dear Sam,\nthanks");
    }
}
