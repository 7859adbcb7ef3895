//! `taizhang schema`: being written.

use super::Context;
use crate::cli::SchemaArgs;
use anyhow::{Result, bail};
use std::io::Write;

pub fn run(_ctx: &Context, _args: &SchemaArgs, _out: &mut dyn Write) -> Result<u8> {
    bail!("taizhang schema is not available yet")
}
