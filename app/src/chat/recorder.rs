//! Recording a voice message from the microphone.
//!
//! Browsers record compressed audio (WebM/Opus in Chromium), which the
//! providers that take audio do not accept; OpenAI-compatible servers take
//! WAV or MP3. So the recording is decoded by the browser's own audio
//! engine, at 16 kHz (what speech models use), and written out here as
//! 16-bit mono WAV, then attached like any uploaded file.

// The encoder runs in the browser (and in unit tests) only.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use leptos::prelude::*;

use crate::i18n::t;

use super::conversation::Conversation;
use colloquy_wire::UploadSettings;

/// The sample rate recordings are written at.
pub const SAMPLE_RATE: u32 = 16_000;

/// 16-bit PCM mono WAV of `samples` (-1.0 to 1.0, clipped beyond).
pub fn wav(samples: &[f32], sample_rate: u32) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend(b"RIFF");
    out.extend((36 + data_len).to_le_bytes());
    out.extend(b"WAVEfmt ");
    out.extend(16u32.to_le_bytes()); // format chunk size
    out.extend(1u16.to_le_bytes()); // PCM
    out.extend(1u16.to_le_bytes()); // mono
    out.extend(sample_rate.to_le_bytes());
    out.extend((sample_rate * 2).to_le_bytes()); // bytes per second
    out.extend(2u16.to_le_bytes()); // bytes per frame
    out.extend(16u16.to_le_bytes()); // bits per sample
    out.extend(b"data");
    out.extend(data_len.to_le_bytes());
    for sample in samples {
        out.extend(((sample.clamp(-1.0, 1.0) * i16::MAX as f32) as i16).to_le_bytes());
    }
    out
}

/// Record / stop: shown when the chat takes audio. The finished recording
/// joins the composer's files.
#[component]
pub fn RecordButton(settings: UploadSettings) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    // The recorder while recording; dropped (and the microphone released)
    // when it stops. A browser object, so kept thread-local in the browser;
    // on the server (never recording) a thread-local signal would panic when
    // the page's owner is dropped on another worker thread.
    #[cfg(feature = "hydrate")]
    let recording = RwSignal::new_local(None::<Recording>);
    #[cfg(not(feature = "hydrate"))]
    let recording = RwSignal::new(None::<Recording>);
    let busy = RwSignal::new(false);
    let toggle = move |_| {
        #[cfg(feature = "hydrate")]
        {
            if let Some(active) = recording.write().take() {
                busy.set(true);
                let settings = settings.clone();
                leptos::task::spawn_local(async move {
                    match active.finish().await {
                        Ok(file) => super::attachments::add_files(conversation, &settings, vec![file]),
                        Err(why) => conversation.error.set(Some(why)),
                    }
                    busy.set(false);
                });
            } else {
                leptos::task::spawn_local(async move {
                    match Recording::start().await {
                        Ok(active) => recording.set(Some(active)),
                        Err(why) => conversation.error.set(Some(why)),
                    }
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&settings, conversation, busy);
    };
    let active = move || recording.with(Option::is_some);
    view! {
        <button
            type="button"
            class="record"
            class:recording=active
            aria-pressed=move || active().to_string()
            aria-label=move || if active() { t("record-stop") } else { t("record") }
            title=move || if active() { t("record-stop.title") } else { t("record.title") }
            disabled=move || busy.get()
            on:click=toggle
        >
            {move || if active() { view! { <super::icons::StopSquare/> }.into_any() } else { view! { <super::icons::Microphone/> }.into_any() }}
        </button>
    }
}

#[cfg(feature = "hydrate")]
pub use browser::Recording;

/// Stands in for the browser recorder on the server, where nothing records.
#[cfg(not(feature = "hydrate"))]
pub struct Recording;

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;
    use std::rc::Rc;

    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    use super::{wav, SAMPLE_RATE};

    /// A microphone recording in progress.
    pub struct Recording {
        recorder: web_sys::MediaRecorder,
        stream: web_sys::MediaStream,
        chunks: Rc<RefCell<Vec<web_sys::Blob>>>,
        _on_data: Closure<dyn FnMut(web_sys::BlobEvent)>,
    }

    fn no_microphone<E>(_: E) -> String {
        crate::i18n::t("record-no-microphone").to_string()
    }

    impl Recording {
        pub async fn start() -> Result<Self, String> {
            let devices = leptos::prelude::window().navigator().media_devices().map_err(no_microphone)?;
            let constraints = web_sys::MediaStreamConstraints::new();
            constraints.set_audio(&JsValue::TRUE);
            let promise = devices.get_user_media_with_constraints(&constraints).map_err(no_microphone)?;
            let stream: web_sys::MediaStream = JsFuture::from(promise).await.map_err(no_microphone)?.unchecked_into();
            let recorder = web_sys::MediaRecorder::new_with_media_stream(&stream).map_err(no_microphone)?;
            let chunks = Rc::new(RefCell::new(Vec::new()));
            let sink = chunks.clone();
            let on_data = Closure::<dyn FnMut(web_sys::BlobEvent)>::new(move |ev: web_sys::BlobEvent| {
                if let Some(blob) = ev.data() {
                    sink.borrow_mut().push(blob);
                }
            });
            recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
            recorder.start().map_err(no_microphone)?;
            Ok(Self { recorder, stream, chunks, _on_data: on_data })
        }

        /// Stops, releases the microphone, and makes the recording a WAV file.
        pub async fn finish(self) -> Result<web_sys::File, String> {
            let failed = |_| crate::i18n::t("record-unreadable").to_string();
            // The last chunk arrives (dataavailable) just before `stop`.
            let stopped = js_sys::Promise::new(&mut |resolve, _| {
                self.recorder.set_onstop(Some(&resolve));
            });
            self.recorder.stop().map_err(failed)?;
            JsFuture::from(stopped).await.map_err(failed)?;
            for track in self.stream.get_tracks().iter() {
                track.unchecked_into::<web_sys::MediaStreamTrack>().stop();
            }
            let parts = js_sys::Array::new();
            for chunk in self.chunks.borrow().iter() {
                parts.push(chunk);
            }
            let recorded = web_sys::Blob::new_with_blob_sequence(&parts).map_err(failed)?;
            let bytes = JsFuture::from(recorded.array_buffer()).await.map_err(failed)?;
            // The browser decodes its own format, resampled to 16 kHz.
            let options = web_sys::AudioContextOptions::new();
            options.set_sample_rate(SAMPLE_RATE as f32);
            let context = web_sys::AudioContext::new_with_context_options(&options).map_err(failed)?;
            let decoded = context.decode_audio_data(&bytes.unchecked_into()).map_err(failed)?;
            let buffer: web_sys::AudioBuffer = JsFuture::from(decoded).await.map_err(failed)?.unchecked_into();
            let _ = context.close();
            let samples = buffer.get_channel_data(0).map_err(failed)?;
            let wav = js_sys::Uint8Array::from(wav(&samples, SAMPLE_RATE).as_slice());
            let options = web_sys::FilePropertyBag::new();
            options.set_type("audio/wav");
            let name = format!(
                "recording-{}.wav",
                js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default().replace(':', "-")
            );
            web_sys::File::new_with_buffer_source_sequence_and_options(&js_sys::Array::of1(&wav), &name, &options)
                .map_err(failed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_has_a_pcm_header_and_clipped_samples() {
        let bytes = wav(&[0.0, 1.0, -1.0, 2.0], 16_000);
        assert_eq!(bytes.len(), 44 + 8);
        assert_eq!(&bytes[0..4], b"RIFF");
        assert_eq!(u32::from_le_bytes(bytes[4..8].try_into().unwrap()), 36 + 8);
        assert_eq!(&bytes[8..16], b"WAVEfmt ");
        assert_eq!(u32::from_le_bytes(bytes[24..28].try_into().unwrap()), 16_000);
        assert_eq!(&bytes[36..40], b"data");
        let samples: Vec<i16> = bytes[44..].chunks(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
        assert_eq!(samples, [0, i16::MAX, -i16::MAX, i16::MAX]);
    }
}
