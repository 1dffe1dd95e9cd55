//! `docs/CONFIGURATION.md` is generated from the configuration's types;
//! these tests keep it in step with them and with `colloquy.toml`.

const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/CONFIGURATION.md");
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../colloquy.toml");

#[test]
fn the_checked_in_reference_is_the_generated_one() {
    let generated = colloquy_config::reference::markdown();
    if std::env::var_os("COLLOQUY_WRITE_REFERENCE").is_some() {
        std::fs::write(REFERENCE, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(REFERENCE).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/CONFIGURATION.md differs from the config types: run \
         COLLOQUY_WRITE_REFERENCE=1 cargo test -p colloquy-config --test reference"
    );
}

/// Every key `colloquy.toml` sets (`section.key`, nested as `a.b.c`).
fn keys(prefix: &str, table: &toml::Table, out: &mut Vec<String>) {
    for (key, value) in table {
        let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match value {
            toml::Value::Table(inner) if prefix.is_empty() || !inner.is_empty() => keys(&name, inner, out),
            _ => out.push(name),
        }
    }
}

#[test]
fn every_key_of_the_example_file_is_in_the_reference() {
    let reference = colloquy_config::reference::markdown();
    let example: toml::Table = std::fs::read_to_string(EXAMPLE).unwrap().parse().unwrap();
    let mut found = Vec::new();
    keys("", &example, &mut found);
    assert!(found.len() > 40, "{found:?}");
    for key in found {
        let (section, rest) = key.split_once('.').unwrap_or((&key, ""));
        // Each section has its heading, each key its row (`key`, or `a.b`
        // for a nested table) under it.
        let heading = format!("## `[{section}]`");
        let start = reference
            .find(&heading)
            .or_else(|| reference.find(&format!("## `[[{section}]]`")))
            .unwrap_or_else(|| panic!("no section for {key}"));
        let end = reference[start + 1..].find("\n## ").map_or(reference.len(), |i| start + 1 + i);
        let row = format!("| `{rest}` |");
        assert!(rest.is_empty() || reference[start..end].contains(&row), "no row for {key} under {heading}");
    }
    // What the file can set, the reference describes: the `[sampling]`
    // keys come from colloquy-core's type.
    assert!(reference.contains("| `temperature` |"));
    assert!(reference.contains("### `kind = \"dropdown\"`"));
    assert!(reference.contains("## `[providers.NAME]`"));
}
