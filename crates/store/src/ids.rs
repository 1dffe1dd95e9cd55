//! Ids: 128 random bits as 32 lowercase hex digits, so they can be shown in
//! URLs without telling anything (how many there are, or whose).

macro_rules! id_type {
    ($name:ident, $what:literal) => {
        #[doc = concat!("The id of a ", $what, ".")]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub(crate) fn new() -> Self {
                Self(uuid::Uuid::new_v4().simple().to_string())
            }

            /// Checks the form only; whether it exists is the store's answer.
            pub fn parse(text: &str) -> Option<Self> {
                colloquy_core::is_random_id(text).then(|| Self(text.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(UserId, "user");
id_type!(ConversationId, "conversation");
id_type!(FolderId, "folder");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_hex_and_parse_strictly() {
        let id = ConversationId::new();
        assert_eq!(ConversationId::parse(id.as_str()), Some(id.clone()));
        assert_ne!(id, ConversationId::new());
        for bad in ["", "ABCDEF0123456789ABCDEF0123456789", "../../etc/passwd", &"0".repeat(33)] {
            assert_eq!(ConversationId::parse(bad), None, "{bad}");
        }
    }
}
