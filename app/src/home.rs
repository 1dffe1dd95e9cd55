//! `/bots`: the app's bots, each with its title, description and address
//! (the home page of an app that serves several).

use leptos::prelude::*;

use crate::i18n::t;

use colloquy_wire::PageSettings;

#[component]
pub fn BotsHome(settings: PageSettings) -> impl IntoView {
    let own = view! {
        <li class="bot-card">
            <a href="/"><h2>{settings.title.clone()}</h2></a>
            <p>{settings.description.clone()}</p>
        </li>
    };
    let others = settings
        .bots
        .iter()
        .filter(|bot| bot.href != "/")
        .map(|bot| {
            view! {
                <li class="bot-card">
                    <a href=bot.href.clone()><h2>{bot.title.clone()}</h2></a>
                    <p>{bot.description.clone()}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <main class="bots-home">
            <header>
                <h1>{t("bots")}</h1>
                <p class="description">{t("bots.description")}</p>
                {settings.playground.then(|| view! { <p><a class="playground-link" href="/playground">{t("bots.new")}</a></p> })}
            </header>
            <ul class="bot-list">{own} {others}</ul>
        </main>
    }
}
