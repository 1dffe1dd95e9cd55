//! Folders and pins: how a person arranges their own conversations in the
//! sidebar. A folder is its owner's alone (anyone else's id is not found);
//! deleting one puts its conversations back in the list, never deletes
//! them. A pinned conversation comes first, the most recently pinned on top.

use sqlx::Row;

use crate::{found, now_ms, ConversationId, FolderId, Refused, Store, StoreError, UserId};

/// The longest folder name kept, in characters.
pub const MAX_FOLDER_NAME_CHARS: usize = 100;
/// How many folders one person may have: enough to arrange by, few enough
/// that the sidebar's list of them stays one request.
pub const MAX_FOLDERS: i64 = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    pub id: FolderId,
    pub name: String,
    pub created_ms: i64,
}

/// Which of the owner's conversations a list or a search covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shelf<'a> {
    /// All of them, in folders or not.
    #[default]
    All,
    /// Those in this folder.
    Folder(&'a FolderId),
}

fn check_folder_name(name: &str) -> Result<String, StoreError> {
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    let name = name.trim().to_string();
    if name.is_empty() {
        return Err(Refused::FolderNameEmpty.into());
    }
    if name.chars().count() > MAX_FOLDER_NAME_CHARS {
        return Err(Refused::FolderNameTooLong.into());
    }
    Ok(name)
}

impl Store {
    /// A new folder of the owner's, empty.
    pub async fn create_folder(&self, owner: &UserId, name: &str) -> Result<Folder, StoreError> {
        let name = check_folder_name(name)?;
        let mut tx = self.begin_write().await?;
        let count: i64 = sqlx::query("SELECT COUNT(*) AS count FROM folders WHERE owner = $1")
            .bind(owner.as_str())
            .fetch_one(&mut *tx)
            .await?
            .try_get("count")?;
        if count >= MAX_FOLDERS {
            return Err(Refused::TooManyFolders.into());
        }
        let (id, now) = (FolderId::new(), now_ms());
        sqlx::query("INSERT INTO folders (id, owner, name, created_ms) VALUES ($1, $2, $3, $4)")
            .bind(id.as_str())
            .bind(owner.as_str())
            .bind(&name)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Folder { id, name, created_ms: now })
    }

    /// The owner's folders, by name.
    pub async fn list_folders(&self, owner: &UserId) -> Result<Vec<Folder>, StoreError> {
        let rows = sqlx::query("SELECT id, name, created_ms FROM folders WHERE owner = $1 ORDER BY name, id")
            .bind(owner.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                Ok(Folder {
                    id: FolderId::parse(&id)
                        .ok_or_else(|| StoreError::Corrupt(format!("a malformed folder id {id:?}")))?,
                    name: row.try_get("name")?,
                    created_ms: row.try_get("created_ms")?,
                })
            })
            .collect()
    }

    pub async fn rename_folder(&self, owner: &UserId, id: &FolderId, name: &str) -> Result<(), StoreError> {
        let name = check_folder_name(name)?;
        let done = sqlx::query("UPDATE folders SET name = $1 WHERE id = $2 AND owner = $3")
            .bind(&name)
            .bind(id.as_str())
            .bind(owner.as_str())
            .execute(&self.pool)
            .await?;
        found(done.rows_affected())
    }

    /// Deletes a folder; its conversations go back to the list, kept.
    pub async fn delete_folder(&self, owner: &UserId, id: &FolderId) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE conversations SET folder_id = NULL WHERE folder_id = $1 AND owner = $2")
            .bind(id.as_str())
            .bind(owner.as_str())
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM folders WHERE id = $1 AND owner = $2")
            .bind(id.as_str())
            .bind(owner.as_str())
            .execute(&mut *tx)
            .await?;
        found(done.rows_affected())?;
        tx.commit().await?;
        Ok(())
    }

    /// Files a conversation into one of the owner's folders, or (`None`)
    /// takes it out of its folder. Another person's folder or conversation
    /// is not found.
    pub async fn move_to_folder(
        &self,
        owner: &UserId,
        conversation: &ConversationId,
        folder: Option<&FolderId>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        if let Some(folder) = folder {
            sqlx::query("SELECT id FROM folders WHERE id = $1 AND owner = $2")
                .bind(folder.as_str())
                .bind(owner.as_str())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        }
        let done = sqlx::query("UPDATE conversations SET folder_id = $1 WHERE id = $2 AND owner = $3")
            .bind(folder.map(|f| f.as_str().to_string()))
            .bind(conversation.as_str())
            .bind(owner.as_str())
            .execute(&mut *tx)
            .await?;
        found(done.rows_affected())?;
        tx.commit().await?;
        Ok(())
    }

    /// Pins a conversation to the top of the list, or unpins it.
    pub async fn pin_conversation(&self, owner: &UserId, id: &ConversationId, pinned: bool) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE conversations SET pinned_ms = $1 WHERE id = $2 AND owner = $3")
            .bind(pinned.then(now_ms))
            .bind(id.as_str())
            .bind(owner.as_str())
            .execute(&self.pool)
            .await?;
        found(done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_name_is_trimmed_and_bounded() {
        assert_eq!(check_folder_name("  Work \u{7}").unwrap(), "Work");
        assert!(check_folder_name("   ").is_err());
        assert!(check_folder_name(&"x".repeat(MAX_FOLDER_NAME_CHARS)).is_ok());
        assert!(check_folder_name(&"x".repeat(MAX_FOLDER_NAME_CHARS + 1)).is_err());
    }
}
