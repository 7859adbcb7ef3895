//! `taizhang schema`: the JSON Schema of the group files, generated from
//! the types that read them.

use super::Context;
use crate::cli::SchemaArgs;
use crate::model::GroupFile;
use anyhow::Result;
use schemars::generate::SchemaSettings;
use std::io::Write;

/// The file name of the committed copy in `tasks/`, which the first line of
/// every group file names.
pub const SCHEMA_FILE: &str = "group.schema.json";

/// Runs the command; returns its exit status.
pub fn run(_ctx: &Context, _args: &SchemaArgs, out: &mut dyn Write) -> Result<u8> {
    out.write_all(schema_text().as_bytes())?;
    Ok(0)
}

/// The schema as pretty JSON with a trailing newline. Draft 7, which the
/// YAML language server (VS Code, Neovim, …) supports fully.
pub fn schema_text() -> String {
    let mut schema = SchemaSettings::draft07().into_generator().into_root_schema_for::<GroupFile>();
    schema.insert("title".into(), "taizhang group file (tasks/NN.yaml)".into());
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::SCHEMA_FILE;
    use crate::store::layout::HEADER;

    #[test]
    fn group_files_name_the_schema_file() {
        assert!(HEADER.starts_with(&format!("# yaml-language-server: $schema={SCHEMA_FILE}\n")));
    }
}
