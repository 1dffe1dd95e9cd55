//! The app's pages, parsed once from the path. The server routes these
//! paths (and only these), loads each one's data by it, and [`crate::App`]
//! renders by it: adding a page adds a variant here, a route pattern in
//! [`Page::ROUTES`], and one arm in each `match` the compiler then asks for.
//! (No router: for this handful of paths it would cost the WASM bundle
//! about 10 KiB.)

/// A page of the app, with what its path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page<'a> {
    /// `/`: a new conversation with the app's own bot.
    Chat,
    /// `/c/ID`: a stored conversation.
    Conversation(&'a str),
    /// `/s/TOKEN`: a conversation seen through its share link.
    Shared(&'a str),
    /// `/bots`: the app's bots.
    Bots,
    /// `/bots/NAME`: a new conversation with one of them.
    Bot(&'a str),
    /// `/playground`: drafting and trying bots.
    Playground,
    /// `/keys`: the person's API keys.
    Keys,
    /// `/admin`: the users, for an admin.
    Admin,
    /// `/login`.
    SignIn,
    /// `/signup`.
    SignUp,
}

impl<'a> Page<'a> {
    /// Every page's route, as axum writes it (`{id}` a path segment).
    pub const ROUTES: [&'static str; 10] =
        ["/", "/c/{id}", "/s/{token}", "/bots", "/bots/{name}", "/playground", "/keys", "/admin", "/login", "/signup"];

    /// The page at `path`; `None` for any other path. A path's named part
    /// is one segment, never empty.
    pub fn parse(path: &'a str) -> Option<Self> {
        let segment = |prefix: &str| path.strip_prefix(prefix).filter(|rest| !rest.is_empty() && !rest.contains('/'));
        Some(match path {
            "/" => Page::Chat,
            "/bots" => Page::Bots,
            "/playground" => Page::Playground,
            "/keys" => Page::Keys,
            "/admin" => Page::Admin,
            "/login" => Page::SignIn,
            "/signup" => Page::SignUp,
            _ => {
                if let Some(id) = segment("/c/") {
                    Page::Conversation(id)
                } else if let Some(token) = segment("/s/") {
                    Page::Shared(token)
                } else if let Some(name) = segment("/bots/") {
                    Page::Bot(name)
                } else {
                    return None;
                }
            }
        })
    }

    /// The chat pages: in the browser's main bundle; every other page's
    /// code is loaded for it (`page_views`).
    pub fn is_chat(self) -> bool {
        matches!(self, Page::Chat | Page::Conversation(_) | Page::Bot(_))
    }

    /// The sign-in and sign-up pages, which someone signed in leaves.
    pub fn is_sign_in(self) -> bool {
        matches!(self, Page::SignIn | Page::SignUp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_is_its_page_and_nothing_else_is_one() {
        let pages: Vec<_> = Page::ROUTES.iter().map(|route| Page::parse(route)).collect();
        assert!(pages.iter().all(Option::is_some), "{pages:?}");
        for (i, page) in pages.iter().enumerate() {
            assert!(!pages[..i].contains(page), "{page:?} twice");
        }
        assert_eq!(Page::parse("/c/abc"), Some(Page::Conversation("abc")));
        assert_eq!(Page::parse("/bots/support"), Some(Page::Bot("support")));
        for other in ["", "/c/", "/c/a/b", "/bots/", "/s/", "/admin/", "/elsewhere", "/c"] {
            assert_eq!(Page::parse(other), None, "{other}");
        }
    }
}
